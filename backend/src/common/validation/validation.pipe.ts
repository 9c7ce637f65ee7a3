import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from '../errors/api-error';

/** 400 VALIDATION_FAILED, naming the field where there is one; also an example for `@ApiErrors`. */
export class ValidationFailedError extends ApiError {
  constructor(message: string, field?: string) {
    super(400, 'VALIDATION_FAILED', message, field !== undefined ? { field } : {});
  }
}

export const BODY_REQUIRED_MESSAGE = 'A JSON object body is required (send {} to leave every field out)';

/**
 * A route that reads a body (`@Body()`) needs one: a request without it (or with one that is not
 * JSON) is refused rather than taken for `{}`, so no action ever runs on defaults nobody sent.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.data === undefined && value === undefined) throw new ValidationFailedError(BODY_REQUIRED_MESSAGE);
    return super.transform(value, metadata);
  }
}

/**
 * The global pipe: unknown fields are refused, and a 400 names the field in `field` and in the
 * message. Rejected values are never echoed (they may be secrets).
 */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const messages = errors.flatMap((error) => flatten(error));
      return new ValidationFailedError(messages.join('; '), firstProperty(errors));
    },
  });
}

function flatten(error: ValidationError, parent = ''): string[] {
  const path = parent ? `${parent}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((message) =>
    message.startsWith(error.property) ? message.replace(error.property, path) : `${path}: ${message}`,
  );
  return [...own, ...(error.children ?? []).flatMap((child) => flatten(child, path))];
}

function firstProperty(errors: ValidationError[]): string | undefined {
  const first = errors[0];
  if (!first) return undefined;
  return first.children?.length ? `${first.property}.${firstProperty(first.children)}` : first.property;
}
