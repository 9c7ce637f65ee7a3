import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiError } from './api-error';
import { ApiErrorBodyDto } from './api-error-body.dto';

/**
 * Documents the errors a route (on a handler) or every route of a controller (on the class) can
 * answer: one OpenAPI response per status, the error body's schema, and for each error an example
 * that is exactly what the API answers (the error's own `toBody()`). Pass the typed errors the
 * route's services throw, e.g. `@ApiErrors(new TwilioNotConfiguredError(), validationFailed(...))`.
 * Several `@ApiErrors` on one route add up (e.g. `@RateLimited`'s 429 and Twilio's); swagger.ts
 * then narrows each response's `code` to the codes of its examples (docs/architecture.md,
 * "Documenting a route").
 */
export function ApiErrors(...errors: [ApiError, ...ApiError[]]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ApiError[]>();
  for (const error of errors) byStatus.set(error.statusCode, [...(byStatus.get(error.statusCode) ?? []), error]);
  return applyDecorators(
    ...[...byStatus].map(([status, ofStatus]) => {
      const retryAfter = ofStatus.some((error) => error.details.retryAfterSeconds !== undefined);
      return ApiResponse({
        status,
        type: ApiErrorBodyDto,
        description: ofStatus.map((error) => `\`${error.code}\`: ${error.message}`).join('\n\n'),
        examples: Object.fromEntries(ofStatus.map((error, index) => [exampleName(ofStatus, index), { summary: error.code, value: error.toBody() }])),
        ...(retryAfter ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } } } } : {}),
      });
    }),
  );
}

/** The example's key: its code, numbered when one route answers the same code for two reasons. */
function exampleName(errors: ApiError[], index: number): string {
  const { code } = errors[index];
  const before = errors.slice(0, index).filter((error) => error.code === code).length;
  return before === 0 ? code : `${code}_${before + 1}`;
}
