import type { TwilioCapability } from './twilio-capabilities.contract';

/** Every error the API answers: `message` is for people, `code` for programs. */
export interface ApiErrorBody {
  statusCode: number;
  code: ApiErrorCode;
  message: string;
  /** Twilio's own error code, where Twilio refused. */
  twilioCode?: number;
  /** The request field the error is about, where there is one. */
  field?: string;
  /** The capability the credentials lack (INVALID_TWILIO_CREDENTIALS for an API key). */
  capability?: TwilioCapability;
}

export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'SESSION_START_MISSING',
  'FORBIDDEN',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'INVALID_TWILIO_CREDENTIALS',
  'TWILIO_RESOURCE_NOT_FOUND',
  'TWILIO_REJECTED',
  'RECIPIENT_OPTED_OUT',
  'NOT_CONFIGURED',
  'DISABLED',
  'NO_CONVERSATIONS_SERVICE',
  'CONVERSATION_BUSY',
  'ROTATION_STATE_CONFLICT',
  'SETTINGS_CHANGED',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'TWILIO_RATE_LIMITED',
  'TWILIO_UNAVAILABLE',
  'TWILIO_TIMEOUT',
  'SETTINGS_SYNC_FAILED',
  'CREDENTIALS_UNREADABLE',
  'INTERNAL_ERROR',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * The code an answer without one of ours gets from its status (the API's framework errors, a
 * proxy's page seen by the console).
 */
export const API_ERROR_CODE_BY_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  502: 'TWILIO_UNAVAILABLE',
  503: 'TWILIO_UNAVAILABLE',
  504: 'TWILIO_TIMEOUT',
};
