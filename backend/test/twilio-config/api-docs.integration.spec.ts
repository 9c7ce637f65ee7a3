import { API_ERROR_CODES } from '@twilio-config/shared';
import { startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

type Schema = { $ref?: string; type?: string; additionalProperties?: unknown; properties?: Record<string, Schema>; allOf?: Schema[]; enum?: unknown[] };
type ErrorExample = { summary: string; value: { statusCode: number; code: string; message: string; twilioCode?: number; field?: string; capability?: string } };
type Response = { description: string; headers?: Record<string, unknown>; content?: { 'application/json'?: { schema?: Schema; examples?: Record<string, ErrorExample> } } };
type Operation = {
  parameters?: Array<{ name: string; in: string; schema: Schema }>;
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Response>;
  security?: unknown[];
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const operationsOf = (document: Document) =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${path}`, path, operation })));

/** The codes each error response of an operation documents, from its examples: { '409': ['NOT_CONFIGURED', …] }. */
const errorCodesOf = (operation: Operation) =>
  Object.fromEntries(
    Object.entries(operation.responses)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, response]) => [status, Object.values(response.content?.['application/json']?.examples ?? {}).map((example) => example.value.code)]),
  );

describe('OpenAPI document (integration)', () => {
  let sut: TwilioConfigTestApp;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('api-docs');
  });

  afterAll(() => sut?.close());

  it('serves the OpenAPI document at /api/docs-json with bearer auth and every contract route', async () => {
    const { body } = await sut.http.get('/api/docs-json').expect(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operations = Object.entries(body.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/twilio-config/settings',
        'POST /api/twilio-config/settings',
        'PUT /api/twilio-config/settings/toggle',
        'DELETE /api/twilio-config/settings',
        'POST /api/twilio-config/webhook/configure',
        'GET /api/twilio-config/webhook/status',
        'POST /api/twilio-config/test/sms',
        'GET /api/twilio-config/audit',
        'GET /api/twilio-config/health',
        'POST /api/twilio/conversations-webhook',
        'GET /api/twilio-config/test/sms/{sid}',
        'GET /api/twilio-config/opt-outs',
        'DELETE /api/twilio-config/opt-outs/{phoneNumber}',
        'POST /api/twilio/status-callback',
        'POST /api/twilio/messaging-webhook',
        'GET /health/live',
        'GET /health/ready',
      ]),
    );
    const saveSettings = body.paths['/api/twilio-config/settings'].post;
    expect(saveSettings.security).toEqual([{ bearer: [] }, { auth0: ['openid'] }]);
    expect(Object.keys(saveSettings.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '422', '429', '502', '504']));
    const upsert = body.components.schemas.TwilioSettingsUpsertDto;
    expect(upsert.required).toEqual(expect.arrayContaining(['accountSid', 'fromNumber']));
    expect(upsert.properties.authToken).toMatchObject({ writeOnly: true, format: 'password' });
    expect(body.components.schemas.TwilioSettingsViewDto.properties).not.toHaveProperty('authToken');
  });

  describe('says exactly what each route accepts and answers', () => {
    let document: Document;
    beforeAll(async () => {
      document = (await sut.http.get('/api/docs-json').expect(200)).body;
    });

    it('documents 401 (each of its codes) and 403 on every route that needs a token', () => {
      const guarded = operationsOf(document).filter(({ operation }) => operation.security !== undefined);
      expect(guarded.map(({ label }) => label)).toEqual(expect.arrayContaining(['POST /api/twilio-config/settings', 'POST /api/conversations/orphans/cleanup']));
      for (const { label, operation } of guarded) {
        const codes = errorCodesOf(operation);
        expect({ label, 401: codes['401'], 403: codes['403'] }).toEqual({
          label,
          401: ['UNAUTHENTICATED', 'SESSION_START_MISSING', 'SESSION_EXPIRED'],
          403: ['FORBIDDEN'],
        });
      }
    });

    it('gives every error response its status, only its own codes and an example of each, as the API answers it', () => {
      for (const { label, operation } of operationsOf(document)) {
        // GET /health/ready's 503 is Terminus's report, not an API error body.
        for (const [status, response] of Object.entries(operation.responses).filter(([status]) => Number(status) >= 400 && !(label === 'GET /health/ready' && status === '503'))) {
          const content = response.content?.['application/json'];
          const examples = Object.values(content?.examples ?? {});
          expect({ label, status, examples: examples.length > 0 }).toEqual({ label, status, examples: true });
          for (const { value } of examples) {
            expect({ label, statusCode: value.statusCode, known: (API_ERROR_CODES as readonly string[]).includes(value.code) }).toEqual({ label, statusCode: Number(status), known: true });
            expect(value.message).toEqual(expect.any(String));
          }
          const narrowed = content?.schema?.allOf?.[1]?.properties;
          expect({ label, status, statusCode: narrowed?.statusCode?.enum, code: narrowed?.code?.enum }).toEqual({
            label,
            status,
            statusCode: [Number(status)],
            code: [...new Set(examples.map(({ value }) => value.code))],
          });
          expect(content?.schema?.allOf?.[0]).toEqual({ $ref: '#/components/schemas/ApiErrorBodyDto' });
        }
      }
    });

    it('documents 400 VALIDATION_FAILED on every route that takes a body, a query or a path parameter', () => {
      for (const { label, operation } of operationsOf(document)) {
        if (!operation.requestBody && !operation.parameters?.some((parameter) => parameter.in !== 'header')) continue;
        expect({ label, 400: errorCodesOf(operation)['400']?.includes('VALIDATION_FAILED') }).toEqual({ label, 400: true });
      }
    });

    it('refuses unknown fields in every JSON request body (additionalProperties: false), as the validation pipe does', () => {
      const bodies = operationsOf(document).flatMap(({ label, operation }) => {
        const schema = operation.requestBody?.content['application/json']?.schema;
        return schema ? [{ label, required: operation.requestBody?.required, schema: schema.$ref ? document.components.schemas[schema.$ref.split('/').pop() as string] : schema }] : [];
      });
      expect(bodies.length).toBeGreaterThanOrEqual(7);
      for (const { label, required, schema } of bodies) {
        // Twilio's webhook posts whatever parameters Twilio sends: the one body that takes any.
        const expected = label === 'POST /api/twilio/conversations-webhook' ? { type: 'string' } : false;
        expect({ label, required, additionalProperties: schema.additionalProperties }).toEqual({ label, required: true, additionalProperties: expected });
      }
    });

    it('types whole numbers as integers, with their bounds and lengths', () => {
      const limits = operationsOf(document).flatMap(({ label, operation }) => (operation.parameters ?? []).filter((parameter) => parameter.name === 'limit').map(({ schema }) => ({ label, schema })));
      expect(limits.map(({ label }) => label)).toEqual(expect.arrayContaining(['GET /api/twilio-config/audit', 'GET /api/conversations', 'GET /api/conversations/events']));
      for (const { label, schema } of limits) expect({ label, ...schema }).toMatchObject({ label, type: 'integer', minimum: 1, maximum: 200 });
      const { schemas } = document.components;
      expect(schemas.ApiErrorBodyDto.properties).toMatchObject({ statusCode: { type: 'integer' }, twilioCode: { type: 'integer' } });
      expect(schemas.ConversationOrphanCleanupDto).toMatchObject({ required: ['dryRun'], properties: { dryRun: { type: 'boolean' }, minAgeMinutes: { type: 'integer', minimum: 0, maximum: 10080 } } });
      expect(schemas.ConversationAssigneeUpdateDto.properties?.assignee).toMatchObject({ minLength: 1, maxLength: 200 });
      expect(schemas.TestSmsSendDto.properties?.body).toMatchObject({ minLength: 1, maxLength: 1600, pattern: expect.any(String) });
      // Optional settings fields read '' and null as left out: the document lets them through too.
      const messagingServiceSid = schemas.TwilioSettingsUpsertDto.properties?.messagingServiceSid as Schema & { nullable?: boolean; pattern: string };
      expect(messagingServiceSid.nullable).toBe(true);
      expect(['', 'MG0123456789abcdef0123456789abcdef', 'MG0'].map((value) => new RegExp(messagingServiceSid.pattern).test(value))).toEqual([true, true, false]);
    });

    it("lists each route's own errors with the contract's status and code", () => {
      const operation = (path: string, method: string) => document.paths[path][method];
      expect(errorCodesOf(operation('/api/twilio-config/test/sms', 'post'))).toMatchObject({
        '400': ['VALIDATION_FAILED', 'VALIDATION_FAILED'],
        '409': ['NOT_CONFIGURED', 'NOT_CONFIGURED', 'DISABLED'],
        '422': expect.arrayContaining(['TWILIO_REJECTED', 'INVALID_TWILIO_CREDENTIALS']),
        '429': expect.arrayContaining(['RATE_LIMITED', 'TWILIO_RATE_LIMITED']),
        '500': ['CREDENTIALS_UNREADABLE'],
        '502': ['TWILIO_UNAVAILABLE'],
        '504': ['TWILIO_TIMEOUT'],
      });
      const rejected = Object.values(operation('/api/twilio-config/test/sms', 'post').responses['422'].content?.['application/json']?.examples ?? {}).find(
        ({ value }) => value.code === 'TWILIO_REJECTED',
      );
      expect(rejected?.value).toMatchObject({ statusCode: 422, twilioCode: 21211, message: expect.stringMatching(/^Twilio refused to send the message: /) });
      expect(operation('/api/twilio-config/settings', 'post').responses['429'].headers).toHaveProperty('Retry-After');
      expect(errorCodesOf(operation('/api/twilio-config/settings/toggle', 'put'))['409']).toEqual(['NOT_CONFIGURED']);
      expect(errorCodesOf(operation('/api/conversations/{conversationSid}/assignee', 'put'))['404']).toEqual(['NOT_FOUND']);
      expect(errorCodesOf(operation('/api/conversations', 'post'))['409']).toEqual(
        expect.arrayContaining(['NOT_CONFIGURED', 'DISABLED', 'NO_CONVERSATIONS_SERVICE', 'CONVERSATION_BUSY']),
      );
      const signedWebhookCodes = { '400': ['VALIDATION_FAILED'], '403': ['FORBIDDEN'], '413': ['PAYLOAD_TOO_LARGE'] };
      for (const webhook of ['/api/twilio/status-callback', '/api/twilio/messaging-webhook']) {
        expect({ webhook, codes: errorCodesOf(operation(webhook, 'post')) }).toEqual({ webhook, codes: signedWebhookCodes });
      }
      // The conversations webhook also bounds each organization's stored and waiting events (WEBHOOK_EVENTS_*): one example each.
      expect(errorCodesOf(operation('/api/twilio/conversations-webhook', 'post'))).toEqual({ ...signedWebhookCodes, '429': ['RATE_LIMITED', 'RATE_LIMITED'] });
      expect(operation('/api/twilio/conversations-webhook', 'post').responses['429'].headers).toHaveProperty('Retry-After');
      expect(errorCodesOf(operation('/api/twilio-config/test/sms', 'post'))['422']).toContain('RECIPIENT_OPTED_OUT');
      expect(errorCodesOf(operation('/api/twilio-config/test/sms/{sid}', 'get'))).toMatchObject({ '400': ['VALIDATION_FAILED'], '404': ['NOT_FOUND'] });
      expect(errorCodesOf(operation('/api/twilio-config/opt-outs/{phoneNumber}', 'delete'))).toMatchObject({ '400': ['VALIDATION_FAILED'], '404': ['NOT_FOUND'] });
      expect(Object.keys(operation('/api/twilio-config/settings', 'get').responses).sort()).toEqual(['200', '401', '403']);
    });

    it('documents what the settings writes, API keys, edge/region pairs, request sizes and conversation claims answer', () => {
      const operation = (path: string, method: string) => document.paths[path][method];
      const saveSettings = errorCodesOf(operation('/api/twilio-config/settings', 'post'));
      expect(saveSettings['409']).toEqual(['SETTINGS_CHANGED']);
      expect(saveSettings['503']).toEqual(['SETTINGS_SYNC_FAILED']);
      for (const [path, method] of [
        ['/api/twilio-config/settings/toggle', 'put'],
        ['/api/twilio-config/settings', 'delete'],
        ['/api/twilio-config/webhook/configure', 'post'],
      ]) {
        expect({ path, method, 503: errorCodesOf(operation(path, method))['503'] }).toEqual({ path, method, 503: ['SETTINGS_SYNC_FAILED'] });
      }
      expect(operation('/api/twilio-config/settings', 'post').responses['503'].headers).toHaveProperty('Retry-After');
      const examplesOf = (path: string, method: string, status: string) =>
        Object.values(operation(path, method).responses[status].content?.['application/json']?.examples ?? {}).map(({ value }) => value);
      expect(examplesOf('/api/twilio-config/settings', 'post', '400')).toContainEqual(
        expect.objectContaining({ code: 'VALIDATION_FAILED', field: 'region', message: expect.stringContaining('au1 with sydney') }),
      );
      for (const [path, capability] of [
        ['/api/twilio-config/settings', 'messages'],
        ['/api/twilio-config/test/sms', 'messages'],
        ['/api/twilio-config/webhook/configure', 'webhook'],
      ]) {
        expect({ path, capabilities: examplesOf(path, 'post', '422').filter((value) => value.code === 'INVALID_TWILIO_CREDENTIALS').map((value) => value.capability) }).toEqual({
          path,
          capabilities: expect.arrayContaining([capability]),
        });
      }
      expect(document.components.schemas.ApiErrorBodyDto.properties).toHaveProperty('capability');
      expect(errorCodesOf(operation('/api/conversations', 'post'))['409']).toContain('CONVERSATION_BUSY');
      expect(errorCodesOf(operation('/api/conversations', 'post'))['422']).toContain('TWILIO_REJECTED');
      for (const { label, operation: withBody } of operationsOf(document).filter(({ operation }) => operation.requestBody)) {
        expect({ label, 413: errorCodesOf(withBody)['413'] }).toEqual({ label, 413: ['PAYLOAD_TOO_LARGE'] });
      }
    });

    it('answers exactly as its examples say', async () => {
      const examples = (path: string, method: string, status: string) =>
        Object.values(document.paths[path][method].responses[status].content?.['application/json']?.examples ?? {}).map(({ value }) => value);
      const unauthenticated = await sut.http.get('/api/twilio-config/settings').expect(401);
      expect(examples('/api/twilio-config/settings', 'get', '401')).toContainEqual(unauthenticated.body);
      const notConfigured = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer('org_docsExampl3s')).send({ to: '+61412345678', body: 'Hi' }).expect(409);
      expect(examples('/api/twilio-config/test/sms', 'post', '409')).toContainEqual(notConfigured.body);
    });
  });

  it('refuses a request without a body on a route that reads one, rather than acting on defaults', async () => {
    for (const [method, path] of [
      ['post', '/api/twilio-config/webhook/configure'],
      ['put', '/api/twilio-config/settings/toggle'],
      ['post', '/api/conversations/orphans/cleanup'],
    ] as const) {
      const response = await sut.http[method](path).set('Authorization', sut.bearer('org_docsNoB0dy00')).expect(400);
      expect({ path, ...response.body }).toEqual({ path, statusCode: 400, code: 'VALIDATION_FAILED', message: 'A JSON object body is required (send {} to leave every field out)' });
    }
  });

  it('answers 405 with Allow for a method a documented path does not list (404 stays for unknown paths)', async () => {
    const settings = await sut.http.patch('/api/twilio-config/settings').set('Authorization', sut.bearer('org_docsMeth0d00')).send({}).expect(405);
    expect(settings.headers.allow).toBe('GET, POST, DELETE, HEAD');
    expect(settings.body).toEqual({ statusCode: 405, code: 'METHOD_NOT_ALLOWED', message: 'PATCH is not allowed here; this path answers GET, POST, DELETE, HEAD.' });
    const assignee = await sut.http.get('/api/conversations/CH0123456789abcdef0123456789abcdef/assignee').expect(405);
    expect(assignee.headers.allow).toBe('PUT');
    await sut.http.get('/api/twilio-config/nothing-here').set('Authorization', sut.bearer('org_docsMeth0d00')).expect(404);
    await sut.http.head('/health/live').expect(200);
  });

  it('lets Swagger UI sign in with Auth0: authorization code + PKCE for the API audience', async () => {
    const { body } = await sut.http.get('/api/docs-json').expect(200);
    expect(body.components.securitySchemes.auth0).toMatchObject({
      type: 'oauth2',
      flows: {
        authorizationCode: {
          authorizationUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/authorize$/),
          tokenUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/),
        },
      },
    });
    const init = (await sut.http.get('/api/docs/swagger-ui-init.js').expect(200)).text;
    expect(init).toContain('"usePkceWithAuthorizationCodeGrant": true');
    expect(init).toContain('"audience": "https://twilio-config-api"');
    expect(init).toContain('"oauth2RedirectUrl": "https://api.example.test/api/docs/oauth2-redirect.html"');
    // Not production (NODE_ENV=test): the sign-in may be kept across reloads.
    expect(init).toContain('"persistAuthorization": true');
    await sut.http.get('/api/docs/oauth2-redirect.html').expect(200);
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await sut.http.get('/api/docs/').expect(200);
    expect(response.text).toContain('swagger-ui');
  });
});
