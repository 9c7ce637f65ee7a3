import { twilioSidExample, type TwilioCapability } from '@twilio-config/shared';
import twilio from 'twilio';
import type { ApiError } from '../common/errors/api-error';
import { credentialLabel } from './twilio-credentials';
import { TWILIO_PERMISSION_MISSING_CODE, translateTwilioError } from './twilio-error.translator';

/** The credential an example names, masked as the API names it. */
const API_KEY_LABEL = credentialLabel({ accountSid: twilioSidExample('account'), apiKeySid: twilioSidExample('apiKey') });

/**
 * Examples for the routes' `@ApiErrors`, made by the translator itself from failures as Twilio
 * reports them, so the OpenAPI document shows exactly what the API answers. Error codes: Twilio's
 * error dictionary (https://www.twilio.com/docs/api/errors): 20003 authentication failed, 20404
 * resource not found, 20429 too many requests, 21211 invalid 'To' number, 70051 a Restricted API key
 * without the permission.
 */
export const twilioErrorExamples = {
  /** Every call Twilio can refuse, limit, fail or leave unanswered: 422, 429, 502, 504. */
  anyCall(operation: string): ApiError[] {
    return [
      translate(restException(401, 20003, 'Authenticate'), operation),
      translate(restException(429, 20429, 'Too Many Requests'), operation),
      translate(restException(503, undefined, 'Service Unavailable'), operation),
      translate(Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' }), operation),
    ];
  },
  /** A Twilio 4xx refusal, passed on with Twilio's code and message (TWILIO_REJECTED). */
  rejected(operation: string, twilioCode: number, message: string): ApiError {
    return translate(restException(400, twilioCode, message), operation);
  },
  /** A resource the settings name that Twilio no longer has, e.g. a deleted Conversations Service. */
  resourceGone(operation: string, path: string): ApiError {
    return translate(restException(404, 20404, `The requested resource ${path} was not found`), operation);
  },
  /** A Restricted API key without the permission the call needs: 422 INVALID_TWILIO_CREDENTIALS naming the capability. */
  capabilityMissing(operation: string, capability: TwilioCapability): ApiError {
    return translateTwilioError(restException(401, TWILIO_PERMISSION_MISSING_CODE, 'Authenticate'), { operation, capability, credential: API_KEY_LABEL });
  },
  /** An API key Twilio does not accept (401 / 20003): the answer names the key. */
  apiKeyRejected(operation: string): ApiError {
    return translateTwilioError(restException(401, 20003, 'Authenticate'), { operation, credential: API_KEY_LABEL });
  },
  /** A SID given in a request field that Twilio does not know (TWILIO_RESOURCE_NOT_FOUND names the field). */
  unknownSid(operation: string, field: string): ApiError {
    return translateTwilioError(restException(404, 20404, 'The requested resource was not found'), { operation, field });
  },
};

function translate(error: unknown, operation: string): ApiError {
  return translateTwilioError(error, { operation });
}

function restException(statusCode: number, code: number | undefined, message: string): InstanceType<typeof twilio.RestException> {
  return new twilio.RestException({ statusCode, body: { code, message, status: statusCode } });
}
