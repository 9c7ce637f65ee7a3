import { OPERATION_HANDLERS } from './handlers';
import { SERVED_OPERATIONS, SUBDOMAIN_OF_SPEC, type OperationDescriptor } from './operations';
import { loadSpec, specOperationOf } from '../testing/openapi-specs';

const byName = (operation: OperationDescriptor) => [operation.key, operation] as const;

describe('the served operations, checked against the OpenAPI specs', () => {
  it('serves each operation at most once', () => {
    const keys = SERVED_OPERATIONS.map((operation) => operation.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has a handler for every served operation and none for anything else', () => {
    expect(Object.keys(OPERATION_HANDLERS).sort()).toEqual(SERVED_OPERATIONS.map((operation) => operation.key).sort());
  });

  it.each(Object.entries(SUBDOMAIN_OF_SPEC))('serves %s under the subdomain its `servers` names (%s)', (file, subdomain) => {
    const spec = loadSpec(file as keyof typeof SUBDOMAIN_OF_SPEC);
    expect(spec.servers.map((server) => server.url)).toContain(`https://${subdomain}.twilio.com`);
  });

  describe.each(SERVED_OPERATIONS.map(byName))('%s', (_key, operation) => {
    const specOperation = () => specOperationOf(operation);

    it('is a path and method of the spec, with the same operationId', () => {
      expect(specOperation()).toBeDefined();
      expect(specOperation()?.operationId).toBe(operation.operationId);
    });

    it('answers success with a status the spec declares', () => {
      expect(Object.keys(specOperation()?.responses ?? {})).toContain(String(operation.successStatus));
    });

    it('reads only path parameters the spec declares', () => {
      const declared = (specOperation()?.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const inTemplate = [...operation.specPath.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]);
      expect(inTemplate.sort()).toEqual(declared.sort());
      if (operation.accountPathParam) expect(inTemplate).toContain(operation.accountPathParam);
    });

    it('reads only query parameters the spec declares', () => {
      const declared = (specOperation()?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect(declared).toEqual(expect.arrayContaining([...operation.queryParams]));
    });

    it('reads only form parameters the spec declares', () => {
      const body = specOperation()?.requestBody?.content['application/x-www-form-urlencoded']?.schema;
      const declared = Object.keys(body?.properties ?? {});
      expect(declared).toEqual(expect.arrayContaining([...operation.formParams]));
      if (operation.method !== 'POST') expect(operation.formParams).toEqual([]);
    });

    it('reads every form parameter the spec requires (so it can refuse a call without it)', () => {
      const body = specOperation()?.requestBody?.content['application/x-www-form-urlencoded']?.schema;
      expect(operation.formParams).toEqual(expect.arrayContaining(body?.required ?? []));
    });

    it('reads only headers the spec declares', () => {
      const declared = (specOperation()?.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name);
      expect(declared).toEqual(expect.arrayContaining([...operation.headerParams]));
    });
  });
});
