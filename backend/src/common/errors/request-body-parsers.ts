import { INestApplication, Logger } from '@nestjs/common';
import { API_ERROR_CODE_BY_STATUS, CONVERSATIONS_WEBHOOK_PATH, MESSAGING_WEBHOOK_PATH, STATUS_CALLBACK_PATH } from '@twilio-config/shared';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApiError } from './api-error';

/** Express's (and Nest's) default: Twilio's webhook posts and the settings bodies are far smaller. */
export const REQUEST_BODY_LIMIT = '100kb';

/** body-parser's own bound on a form's parameters, kept on the paths whose forms it does not parse. */
const FORM_PARAMETER_LIMIT = 1000;

/**
 * Twilio's form posts (webhooks and callbacks): their handlers read the parameters from the exact
 * bytes (the signature covers them), so the bytes are kept and not parsed a second time by `qs`,
 * which cost about a tenth of a webhook post's time in the API.
 */
const TWILIO_FORM_PATHS = [CONVERSATIONS_WEBHOOK_PATH, STATUS_CALLBACK_PATH, MESSAGING_WEBHOOK_PATH];

/** A request body over REQUEST_BODY_LIMIT (every route that reads a body documents it). */
export class PayloadTooLargeError extends ApiError {
  constructor() {
    super(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than the API accepts (${REQUEST_BODY_LIMIT}).`);
  }
}

/** A JSON body that does not parse. */
export class InvalidJsonBodyError extends ApiError {
  constructor() {
    super(400, 'VALIDATION_FAILED', 'The request body is not valid JSON.');
  }
}

/**
 * The JSON and form parsers, registered here instead of by Nest (which skips its own when these
 * are applied) so that what they refuse answers the contract's statuses: 413 PAYLOAD_TOO_LARGE for a
 * body over the limit, 400 for malformed JSON. Neither is an unexpected error: one `warn` line,
 * without the body or the parser's message (it can quote the body), and no stack.
 * `rawBody` is kept as Nest's own parsers keep it: Twilio signs JSON webhooks over the exact bytes.
 */
export function useRequestBodyParsers(app: INestApplication): void {
  const logger = new Logger('RequestBody');
  const keepRawBody = (request: Request & { rawBody?: Buffer }, _response: Response, buffer: Buffer) => {
    if (Buffer.isBuffer(buffer)) request.rawBody = buffer;
  };
  app.use(express.json({ limit: REQUEST_BODY_LIMIT, verify: keepRawBody }));
  app.use(TWILIO_FORM_PATHS, express.raw({ type: 'application/x-www-form-urlencoded', limit: REQUEST_BODY_LIMIT, verify: keepRawBody }), refuseTooManyParameters);
  app.use(express.urlencoded({ limit: REQUEST_BODY_LIMIT, extended: true, verify: keepRawBody }));
  app.use((error: unknown, request: Request, _response: Response, next: NextFunction) => {
    const refusal = bodyParserRefusal(error);
    if (!refusal) return next(error);
    logger.warn({ method: request.method, path: request.path, statusCode: refusal.statusCode, reason: refusal.reason }, 'Request body refused');
    next(refusal.error);
  });
}

/** What body-parser answers a form with more than FORM_PARAMETER_LIMIT parameters: 413. */
function refuseTooManyParameters(request: Request & { rawBody?: Buffer }, _response: Response, next: NextFunction): void {
  const body = request.rawBody;
  if (body === undefined || !request.is('application/x-www-form-urlencoded')) return next();
  let parameters = 1;
  for (let at = body.indexOf(0x26); at !== -1 && parameters <= FORM_PARAMETER_LIMIT; at = body.indexOf(0x26, at + 1)) parameters += 1;
  next(parameters > FORM_PARAMETER_LIMIT ? Object.assign(new Error('too many parameters'), { type: 'parameters.too.many', status: 413, expose: true }) : undefined);
}

/** body-parser's errors (http-errors): `type` says what was wrong, `expose` that the client caused it. */
function bodyParserRefusal(error: unknown): { statusCode: number; reason: string; error: ApiError } | null {
  if (!(error instanceof Error)) return null;
  const { type, status, expose } = error as Error & { type?: unknown; status?: unknown; expose?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || expose !== true || status < 400 || status >= 500) return null;
  const answer =
    status === 413
      ? new PayloadTooLargeError()
      : type === 'entity.parse.failed'
        ? new InvalidJsonBodyError()
        : new ApiError(status, API_ERROR_CODE_BY_STATUS[status] ?? 'VALIDATION_FAILED', 'The request body cannot be read.');
  return { statusCode: status, reason: type, error: answer };
}
