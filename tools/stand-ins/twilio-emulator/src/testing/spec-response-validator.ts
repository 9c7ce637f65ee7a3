import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SERVED_OPERATIONS, type OperationDescriptor } from '../twilio-api/operations';
import type { ApiExchange } from '../twilio-api/request-journal';
import { loadSpec, responseSchemaOf, toJsonSchema } from './openapi-specs';

/**
 * Twilio's error body. It is not in the OpenAPI documents (they describe successes only);
 * its shape is the one Twilio documents for every REST error.
 */
export const TWILIO_ERROR_SCHEMA = {
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer' },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', pattern: '^https://www\\.twilio\\.com/docs/errors/\\d+$' },
    status: { type: 'integer' },
  },
} as const;

const E164_OR_CHANNEL = /^(\+[1-9]\d{1,14}|[a-z]+:\+[1-9]\d{1,14})$/;
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/** Formats Twilio's specs use beyond JSON Schema's, checked as Twilio writes them. */
const TWILIO_FORMATS: Record<string, RegExp | ((value: string) => boolean)> = {
  'phone-number': E164_OR_CHANNEL,
  'date-time-rfc-2822': RFC_2822,
  currency: /^[A-Z]{3}$/,
  'http-method': /^(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)$/,
  'iso-country-code': /^[A-Z]{2}$/,
  // Twilio marks the 2010 API's relative `*_page_uri` fields `format: uri` (e.g. "/2010-04-01/Accounts/AC…/Messages.json?Page=0"),
  // so a URI here is an absolute http(s) URL or an absolute path.
  uri: (value) => /^\/\S*$/.test(value) || /^https?:\/\/[^\s/]+(\/\S*)?$/.test(value),
  // Object-typed formats: ajv applies formats to strings only, these constrain nothing further.
  'uri-map': () => true,
  'phone-number-capabilities': () => true,
};

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  for (const [name, check] of Object.entries(TWILIO_FORMATS)) {
    ajv.addFormat(name, check instanceof RegExp ? check : { validate: check });
  }
  return ajv;
}

export type ExchangeVerdict =
  | { kind: 'success'; operation: string; status: number; valid: boolean; strictValid: boolean; errors: string[] }
  | { kind: 'error'; operation: string | null; status: number; valid: boolean; errors: string[] };

/** Validates recorded Twilio API answers against the spec's response schema for operation + status. */
export class SpecResponseValidator {
  private readonly ajv = createAjv();
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly operations = new Map(SERVED_OPERATIONS.map((operation) => [operation.key, operation]));
  private readonly errorBody = this.ajv.compile(TWILIO_ERROR_SCHEMA);

  validate(exchange: ApiExchange): ExchangeVerdict {
    // A host Twilio does not serve gives no HTTP answer: there is no body to check.
    if (exchange.status === 0) return { kind: 'error', operation: null, status: 0, valid: true, errors: [] };
    if (exchange.status >= 400) {
      const valid = this.errorBody(exchange.responseBody);
      const body = exchange.responseBody as { status?: number; code?: number; more_info?: string };
      const errors = valid ? [] : describeErrors(this.errorBody);
      if (valid && body.status !== exchange.status) errors.push(`body.status ${body.status} ≠ HTTP ${exchange.status}`);
      if (valid && !body.more_info?.endsWith(`/${body.code}`)) errors.push('more_info does not name the code');
      return { kind: 'error', operation: exchange.operation, status: exchange.status, valid: errors.length === 0, errors };
    }
    const operation = exchange.operation ? this.operations.get(exchange.operation) : undefined;
    if (!operation) {
      return { kind: 'error', operation: exchange.operation, status: exchange.status, valid: false, errors: ['success without an operation'] };
    }
    if (exchange.status === 204) {
      const declared = loadSpec(operation.specFile).paths[operation.specPath][operation.method.toLowerCase()].responses['204'];
      const valid = declared !== undefined && exchange.responseBody === null;
      const errors = valid ? [] : ['204 not declared by the spec, or a body was sent'];
      return { kind: 'success', operation: operation.key, status: 204, valid, strictValid: valid, errors };
    }
    const plain = this.validatorFor(operation, exchange.status, false);
    const strict = this.validatorFor(operation, exchange.status, true);
    if (!plain || !strict) {
      return {
        kind: 'success',
        operation: operation.key,
        status: exchange.status,
        valid: false,
        strictValid: false,
        errors: [`the spec declares no ${exchange.status} response for ${operation.key}`],
      };
    }
    const valid = plain(exchange.responseBody);
    const plainErrors = valid ? [] : describeErrors(plain);
    const strictValid = strict(exchange.responseBody);
    const strictErrors = strictValid ? [] : describeErrors(strict).map((error) => `strict: ${error}`);
    return {
      kind: 'success',
      operation: operation.key,
      status: exchange.status,
      valid,
      strictValid,
      errors: [...plainErrors, ...strictErrors],
    };
  }

  private validatorFor(operation: OperationDescriptor, status: number, strict: boolean): ValidateFunction | undefined {
    const cacheKey = `${operation.key}:${status}:${strict}`;
    if (!this.compiled.has(cacheKey)) {
      const schema = responseSchemaOf(operation, status);
      if (schema === undefined) return undefined;
      const converted = toJsonSchema(schema, loadSpec(operation.specFile), { strict }) as object;
      this.compiled.set(cacheKey, this.ajv.compile(converted));
    }
    return this.compiled.get(cacheKey);
  }
}

function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}
