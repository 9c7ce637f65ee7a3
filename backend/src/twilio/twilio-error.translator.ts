import twilio from 'twilio';
import { ApiError } from '../common/errors/api-error';
import type { TwilioCapability } from '@twilio-config/shared';
import { InvalidTwilioCredentialsError, TwilioCapabilityMissingError } from './twilio.errors';

/** What the call was about, so the answer can name it ("Messaging Service SID … not found"). */
export interface TwilioCallContext {
  /** e.g. "fetch the account", "send the message". */
  operation: string;
  /** The request field whose resource was looked up, for a 404. */
  field?: string;
  /** The capability the call exercises: a 401 / 70051 (a Restricted key without the permission) names it. */
  capability?: TwilioCapability;
  /** The credential the call was made with, masked ("API key SK…1a2b"), for the answer to name. */
  credential?: string;
}

/** A Restricted API key without the permission a call needs (https://www.twilio.com/docs/api/errors/70051). */
export const TWILIO_PERMISSION_MISSING_CODE = 70051;

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * The one place Twilio's failures become the API's answers (docs/architecture.md, "Errors, logs
 * and metrics"): 401/20003 → 422 INVALID_TWILIO_CREDENTIALS (401/70051 on a named capability: the
 * same code, naming the capability), 404 on a looked-up resource → 422
 * naming the field, 429/20429 → 429, other 4xx → 422 TWILIO_REJECTED with Twilio's code, 5xx and
 * network errors → 502, timeouts of the call to Twilio → 504.
 * Twilio's own message is passed on only for 4xx refusals (it explains the refusal, e.g. an
 * invalid "To"); it never contains credentials.
 */
export function translateTwilioError(error: unknown, context: TwilioCallContext): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof twilio.RestException) {
    const { status, code } = error;
    if (code === TWILIO_PERMISSION_MISSING_CODE && context.capability) {
      return new TwilioCapabilityMissingError(context.capability, context.credential ?? 'API key', code);
    }
    if (status === 401 || code === 20003) return new InvalidTwilioCredentialsError(code ?? 20003, context.credential);
    if (status === 429 || code === 20429) {
      return new ApiError(429, 'TWILIO_RATE_LIMITED', 'Twilio is limiting requests for this account right now. Try again in a minute.', {
        twilioCode: code ?? 20429,
        retryAfterSeconds: 60,
      });
    }
    if ((status === 404 || code === 20404) && context.field) {
      return new ApiError(422, 'TWILIO_RESOURCE_NOT_FOUND', `Twilio does not know this ${context.field} in this account.`, {
        twilioCode: code ?? 20404,
        field: context.field,
      });
    }
    if (status >= 400 && status < 500) {
      return new ApiError(422, 'TWILIO_REJECTED', `Twilio refused to ${context.operation}: ${sanitize(error.message)}`, {
        twilioCode: code,
      });
    }
    return new ApiError(502, 'TWILIO_UNAVAILABLE', `Twilio failed to ${context.operation} (HTTP ${status}). Nothing was changed; try again.`, {
      twilioCode: code,
    });
  }
  const networkCode = (error as { code?: string } | null)?.code;
  const message = (error as Error | null)?.message ?? '';
  if ((networkCode && TIMEOUT_CODES.has(networkCode)) || /timeout of \d+ms exceeded/i.test(message)) {
    return new ApiError(504, 'TWILIO_TIMEOUT', `Twilio did not answer in time to ${context.operation}. Nothing was changed; try again.`);
  }
  return new ApiError(502, 'TWILIO_UNAVAILABLE', `Twilio could not be reached to ${context.operation}. Nothing was changed; try again.`);
}

/** Twilio's messages are short sentences; keep them one line and bounded. */
function sanitize(message: string): string {
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}
