import { SERVED_OPERATIONS } from '../twilio-api/operations';
import type { ApiExchange } from '../twilio-api/request-journal';
import { formatsUsedBy, loadSpec, responseSchemaOf, toJsonSchema } from './openapi-specs';
import { createAjv, SpecResponseValidator } from './spec-response-validator';

const ACCOUNT = 'AC' + 'a'.repeat(32);

function exchange(operation: string, status: number, responseBody: unknown): ApiExchange {
  return { at: '', method: 'GET', path: '', host: 'api', edge: null, region: 'us1', query: {}, params: {}, operation, status, responseBody, injectedFault: false };
}

const validAccount = {
  auth_token: 'f'.repeat(32),
  date_created: 'Thu, 30 Jul 2015 20:00:00 +0000',
  date_updated: 'Thu, 30 Jul 2015 20:00:00 +0000',
  friendly_name: 'Acme',
  owner_account_sid: ACCOUNT,
  sid: ACCOUNT,
  status: 'active',
  subresource_uris: {},
  type: 'Full',
  uri: `/2010-04-01/Accounts/${ACCOUNT}.json`,
};

describe(SpecResponseValidator.name, () => {
  const sut = new SpecResponseValidator();

  it('accepts a body that matches the spec', () => {
    expect(sut.validate(exchange('api:FetchAccount', 200, validAccount))).toMatchObject({ valid: true, strictValid: true });
  });

  it.each([
    ['a wrong type', { ...validAccount, friendly_name: 42 }],
    ['a value outside an enum', { ...validAccount, type: 'Gold' }],
    ['a SID that breaks the pattern', { ...validAccount, sid: 'AC123' }],
    ['an ISO date where the 2010 API writes RFC 2822', { ...validAccount, date_created: '2015-07-30T20:00:00Z' }],
  ])('refuses %s', (_case, body) => {
    expect(sut.validate(exchange('api:FetchAccount', 200, body))).toMatchObject({ valid: false });
  });

  it('accepts null where the spec says nullable', () => {
    expect(sut.validate(exchange('api:FetchAccount', 200, { ...validAccount, friendly_name: null }))).toMatchObject({
      valid: true,
    });
  });

  it('is strict about fields: a missing or an extra one fails strict validation only', () => {
    const { uri: _uri, ...missing } = validAccount;

    expect(sut.validate(exchange('api:FetchAccount', 200, missing))).toMatchObject({ valid: true, strictValid: false });
    expect(sut.validate(exchange('api:FetchAccount', 200, { ...validAccount, extra: 1 }))).toMatchObject({
      valid: true,
      strictValid: false,
    });
  });

  it('refuses a success status the spec does not declare for the operation', () => {
    expect(sut.validate(exchange('api:FetchAccount', 201, validAccount))).toMatchObject({ valid: false });
  });

  it("checks error answers against Twilio's error body", () => {
    const error = { code: 20404, message: 'not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 };

    expect(sut.validate(exchange('api:FetchAccount', 404, error))).toMatchObject({ kind: 'error', valid: true });
    expect(sut.validate(exchange('api:FetchAccount', 404, { ...error, status: 400 }))).toMatchObject({ valid: false });
    expect(sut.validate(exchange('api:FetchAccount', 404, { message: 'nope' }))).toMatchObject({ valid: false });
  });
});

describe('the OpenAPI → JSON Schema conversion', () => {
  it('makes nullable enums accept null', () => {
    const spec = loadSpec('twilio_api_v2010.json');
    const converted = toJsonSchema({ type: 'string', enum: ['GET', 'POST'], nullable: true }, spec, { strict: false });

    expect(converted).toEqual({ type: ['string', 'null'], enum: ['GET', 'POST', null] });
  });

  it.each(SERVED_OPERATIONS.filter((operation) => operation.successStatus !== 204).map((o) => [o.key, o] as const))(
    'compiles the %s response schema, with every format it uses checked',
    (_key, operation) => {
      const spec = loadSpec(operation.specFile);
      const schema = toJsonSchema(responseSchemaOf(operation, operation.successStatus), spec, { strict: true });
      const ajv = createAjv();

      expect(() => ajv.compile(schema as object)).not.toThrow();
      for (const format of formatsUsedBy(schema)) expect(ajv.formats[format]).toBeDefined();
    },
  );
});
