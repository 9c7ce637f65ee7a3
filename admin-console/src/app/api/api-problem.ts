import { HttpErrorResponse } from '@angular/common/http';
import { API_ERROR_CODE_BY_STATUS, API_ERROR_CODES, TWILIO_CAPABILITIES, type ApiErrorBody, type ApiErrorCode, type TwilioCapability } from '@twilio-config/shared';
import { missingCapabilityInWords } from './twilio-capabilities';
import { twilioErrorDocsUrl, twilioErrorInWords } from './twilio-error-codes';

/** An API failure, described for the person at the screen. */
export interface ApiProblem {
  readonly status: number;
  /** The API's code, or NETWORK (no answer) / UNKNOWN (an answer without our error shape). */
  readonly code: ApiErrorCode | 'NETWORK' | 'UNKNOWN';
  /** What happened and what to do, in words a support person understands. */
  readonly message: string;
  /** The API's own message, shown as detail when it adds something. */
  readonly detail: string | null;
  readonly field: string | null;
  readonly twilioCode: number | null;
  readonly twilioDocsUrl: string | null;
  readonly retryAfterSeconds: number | null;
}

/** The request fields, as the form labels them. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  accountSid: 'Account SID',
  authToken: 'Auth Token',
  fromNumber: 'From number',
  messagingServiceSid: 'Messaging Service SID',
  conversationsServiceSid: 'Conversations Service SID',
  apiKeySid: 'API Key SID',
  apiKeySecret: 'API Key secret',
  edge: 'Edge',
  region: 'Region',
  enabled: 'Enabled',
  webhookUrl: 'Webhook URL',
  to: 'To',
  body: 'Message',
  limit: 'Limit',
  phoneNumber: 'Phone number',
};

interface MessageContext {
  readonly field: string | null;
  readonly twilioCode: number | null;
  readonly retryAfterSeconds: number | null;
  readonly detail: string | null;
  /** The capability an API key lacks (INVALID_TWILIO_CREDENTIALS). */
  readonly capability: TwilioCapability | null;
}

const fieldLabel = (context: MessageContext): string | null =>
  context.field ? (FIELD_LABELS[context.field] ?? context.field) : null;

const twilioSaid = (context: MessageContext): string => {
  if (context.twilioCode === null) return context.detail ? ` Twilio said: ${context.detail}` : '';
  const words = twilioErrorInWords(context.twilioCode);
  return ` ${words ?? `Twilio said: ${context.detail ?? 'no details'}`} (Twilio error ${context.twilioCode})`;
};

const retryIn = (context: MessageContext): string =>
  context.retryAfterSeconds !== null
    ? `Try again in ${context.retryAfterSeconds} second${context.retryAfterSeconds === 1 ? '' : 's'}.`
    : 'Try again in a minute.';

/** One message for every code the API answers (the Record makes a missing code a compile error). */
const MESSAGES: Readonly<Record<ApiErrorCode, (context: MessageContext) => string>> = {
  UNAUTHENTICATED: () => 'Your session has ended, sign in again.',
  SESSION_EXPIRED: () => 'Your session has ended, sign in again: it reached the maximum length set for this console.',
  SESSION_START_MISSING: () =>
    'Your sign-in does not say when it began, so the API cannot apply the session limit. An Auth0 administrator must deploy the post-login Action "session-claims"; then sign out and in again.',
  FORBIDDEN: () => 'Your account does not have the "support" role needed to manage Twilio settings.',
  VALIDATION_FAILED: (context) => {
    const label = fieldLabel(context);
    return label
      ? `${label} is not valid: ${context.detail ?? 'check the value'}. Nothing was saved.`
      : `Some values are not valid${context.detail ? `: ${context.detail}` : ''}. Nothing was saved.`;
  },
  NOT_FOUND: () => 'Nothing is stored for your organization yet.',
  METHOD_NOT_ALLOWED: () => 'The API does not offer this action here. Reload the page; if it happens again, tell your administrator.',
  INVALID_TWILIO_CREDENTIALS: (context) =>
    context.capability !== null
      ? `${missingCapabilityInWords(context.capability)} Nothing was saved.${context.twilioCode !== null ? ` (Twilio error ${context.twilioCode})` : ''}`
      : `Twilio refused these credentials: check the Account SID and Auth Token (or the API key) in the Twilio Console. Nothing was saved.${
      context.twilioCode !== null ? ` (Twilio error ${context.twilioCode})` : ''
    }`,
  TWILIO_RESOURCE_NOT_FOUND: (context) => {
    const label = fieldLabel(context);
    return `Twilio does not know ${label ? `this ${label}` : 'a SID you entered'} in this account: check it in the Twilio Console. Nothing was saved.`;
  },
  TWILIO_REJECTED: (context) => `Twilio refused the request.${twilioSaid(context)}`,
  RECIPIENT_OPTED_OUT: () =>
    'This number opted out of your messages (it texted STOP, or Twilio refused to text it), so nothing was sent and Twilio was not asked. It is listed under Settings › Opt-outs.',
  NOT_CONFIGURED: () => 'Twilio is not configured for your organization yet: save the credentials first.',
  DISABLED: () =>
    'Twilio settings are disabled for your organization, so nothing is sent. Turn on "Enabled" to use them again.',
  NO_CONVERSATIONS_SERVICE: () =>
    'There is no Conversations Service SID in the settings: add one and save before configuring the webhook.',
  CONVERSATION_BUSY: () => 'Another request is still creating this conversation. Try again in a moment.',
  ROTATION_STATE_CONFLICT: (context) =>
    `The Auth Token rotation is not in a state that allows this${context.detail ? `: ${context.detail}` : ''}. The page now shows where it stands.`,
  SETTINGS_CHANGED: () =>
    'The settings were changed or deleted by someone else while Twilio was checking yours, so nothing was saved. Reload the page and save again if still needed.',
  PAYLOAD_TOO_LARGE: () => 'What you sent is too large for the server to accept. Shorten it and try again.',
  RATE_LIMITED: (context) => `Too many attempts for your organization. ${retryIn(context)}`,
  TWILIO_RATE_LIMITED: (context) =>
    `Twilio is limiting requests from this account (Twilio error ${context.twilioCode ?? 20429}). Nothing was changed. ${retryIn(context)}`,
  TWILIO_UNAVAILABLE: () => 'Twilio could not be reached or answered with an error. Nothing was changed: try again in a few minutes.',
  TWILIO_TIMEOUT: () => 'Twilio did not answer in time. Nothing was changed: try again.',
  SETTINGS_SYNC_FAILED: () =>
    'The change was stored, but the other API servers could not be told about it yet, so some may still use the previous settings. Try the same change again in a minute.',
  CREDENTIALS_UNREADABLE: () =>
    'The stored Twilio secrets can no longer be read (the server\u2019s encryption key changed). Enter the Auth Token again and save.',
  INTERNAL_ERROR: (context) =>
    `Something went wrong on the server. Try again; if it keeps happening, tell the engineering team${
      context.detail ? ` and quote: "${context.detail}"` : ''
    }.`,
};

/** A message for each API error code: exported for the tests that keep every code covered. */
export function messageForCode(code: ApiErrorCode, context: Partial<MessageContext> = {}): string {
  return MESSAGES[code]({ field: null, twilioCode: null, retryAfterSeconds: null, detail: null, capability: null, ...context });
}

function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && (API_ERROR_CODES as readonly string[]).includes(value);
}

function isCapability(value: unknown): value is TwilioCapability {
  return typeof value === 'string' && (TWILIO_CAPABILITIES as readonly string[]).includes(value);
}

function retryAfterOf(error: HttpErrorResponse): number | null {
  const header = error.headers?.get('Retry-After');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Falls back on the status where an answer carries no code we know (a proxy's page, say). */
function codeForStatus(status: number): ApiErrorCode | 'UNKNOWN' {
  return API_ERROR_CODE_BY_STATUS[status] ?? 'UNKNOWN';
}

/** Turns whatever an API call threw into something to show. */
export function describeApiError(thrown: unknown): ApiProblem {
  // Resources wrap what they cannot treat as an Error; the HTTP answer is then the cause.
  const error = thrown instanceof Error && thrown.cause instanceof HttpErrorResponse ? thrown.cause : thrown;
  if (!(error instanceof HttpErrorResponse)) {
    return {
      status: 0,
      code: 'UNKNOWN',
      message: 'Something went wrong in the console. Reload the page and try again.',
      detail: error instanceof Error ? error.message : null,
      field: null,
      twilioCode: null,
      twilioDocsUrl: null,
      retryAfterSeconds: null,
    };
  }
  const body = (typeof error.error === 'object' && error.error !== null ? error.error : {}) as Partial<ApiErrorBody>;
  const rawMessage = (body as { message?: unknown }).message;
  const detail = Array.isArray(rawMessage)
    ? rawMessage.join('; ')
    : typeof rawMessage === 'string' && rawMessage.trim() !== ''
      ? rawMessage
      : null;
  const context: MessageContext = {
    field: typeof body.field === 'string' ? body.field : null,
    twilioCode: typeof body.twilioCode === 'number' ? body.twilioCode : null,
    retryAfterSeconds: error.status === 429 ? retryAfterOf(error) : null,
    detail,
    capability: isCapability(body.capability) ? body.capability : null,
  };
  const base = {
    status: error.status,
    detail,
    field: context.field,
    twilioCode: context.twilioCode,
    twilioDocsUrl: context.twilioCode !== null ? twilioErrorDocsUrl(context.twilioCode) : null,
    retryAfterSeconds: context.retryAfterSeconds,
  };
  if (error.status === 0) {
    return {
      ...base,
      code: 'NETWORK',
      message: 'The API could not be reached. Check your connection and try again; if it persists, the API may be down.',
      detail: null,
    };
  }
  const code = isApiErrorCode(body.code) ? body.code : codeForStatus(error.status);
  if (code === 'UNKNOWN') {
    return {
      ...base,
      code,
      message: `The API answered with an unexpected error (HTTP ${error.status}). Try again; if it keeps happening, tell the engineering team.`,
    };
  }
  return { ...base, code, message: MESSAGES[code](context) };
}
