/** Twilio's error body, as every Twilio REST API answers a failure. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** Thrown by handlers; the API layer answers it with Twilio's error body. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  toBody(): TwilioErrorBody {
    return twilioErrorBody(this.status, this.code, this.message);
  }
}

export function twilioErrorBody(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export function resourceNotFound(path: string): TwilioApiError {
  return new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
}

/** The generic error Twilio picks for an argument it refuses before anything more specific applies. */
export function invalidParameter(message: string): TwilioApiError {
  return new TwilioApiError(400, 20001, message);
}
