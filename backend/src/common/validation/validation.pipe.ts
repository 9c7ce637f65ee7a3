import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from '../errors/api-error';

/**
 * The global pipe: unknown fields are refused, and a 400 names the field in `field` and in the
 * message. Rejected values are never echoed (they may be secrets).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => {
      const messages = errors.flatMap((error) => flatten(error));
      return new ApiError(400, 'VALIDATION_FAILED', messages.join('; '), { field: firstProperty(errors) });
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
