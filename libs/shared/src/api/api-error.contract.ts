/** Every error the API answers: `message` is for people, `code` for programs. */
export interface ApiErrorBody {
  statusCode: number;
  code: ApiErrorCode;
  message: string;
  /** Twilio's own error code, where Twilio refused. */
  twilioCode?: number;
  /** The request field the error is about, where there is one. */
  field?: string;
}

export const API_ERROR_CODES = [
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'SESSION_START_MISSING',
  'FORBIDDEN',
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'INVALID_TWILIO_CREDENTIALS',
  'TWILIO_RESOURCE_NOT_FOUND',
  'TWILIO_REJECTED',
  'NOT_CONFIGURED',
  'DISABLED',
  'NO_CONVERSATIONS_SERVICE',
  'RATE_LIMITED',
  'TWILIO_RATE_LIMITED',
  'TWILIO_UNAVAILABLE',
  'TWILIO_TIMEOUT',
  'CREDENTIALS_UNREADABLE',
  'INTERNAL_ERROR',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
