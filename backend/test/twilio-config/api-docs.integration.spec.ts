import { startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

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
