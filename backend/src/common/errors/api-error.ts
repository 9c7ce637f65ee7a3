import type { ApiErrorBody, ApiErrorCode, TwilioCapability } from '@twilio-config/shared';

/**
 * An error the API answers on purpose: the status, a stable `code` for programs and a `message`
 * for people. Services throw these (or subclasses); the global filter turns them into the body.
 * A message must never contain a secret.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details: { twilioCode?: number; field?: string; capability?: TwilioCapability; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The JSON body the API answers with (the filter's, and the OpenAPI document's examples). */
  toBody(): ApiErrorBody {
    const { twilioCode, field, capability } = this.details;
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      ...(twilioCode !== undefined ? { twilioCode } : {}),
      ...(field !== undefined ? { field } : {}),
      ...(capability !== undefined ? { capability } : {}),
    };
  }
}
