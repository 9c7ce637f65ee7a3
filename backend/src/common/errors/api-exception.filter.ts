import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { API_ERROR_CODE_BY_STATUS, type ApiErrorBody, type ApiErrorCode } from '@twilio-config/shared';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { ApiError } from './api-error';

/**
 * One error shape for the whole API: `{ statusCode, code, message }`. Unexpected errors answer 500
 * with an error id and are logged with that id — the log gets the stack, the client gets nothing
 * that could carry a secret.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toBody(exception, request);
    if (exception instanceof ApiError && exception.details.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(exception.details.retryAfterSeconds));
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, request: Request): ApiErrorBody {
    if (exception instanceof ApiError) return exception.toBody();
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse();
      const fromPayload = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
      const rawMessage = fromPayload.message ?? exception.message;
      const message = Array.isArray(rawMessage) ? rawMessage.join('; ') : String(rawMessage);
      const code = (typeof fromPayload.code === 'string' ? fromPayload.code : API_ERROR_CODE_BY_STATUS[statusCode]) as ApiErrorCode | undefined;
      return { statusCode, code: code ?? (statusCode >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED'), message };
    }
    const errorId = randomUUID();
    this.logger.error(
      { errorId, method: request.method, path: request.path, err: exception instanceof Error ? { name: exception.name, message: exception.message, stack: exception.stack } : String(exception) },
      'Unexpected error',
    );
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: `Something went wrong on our side (error id ${errorId}).` };
  }
}
