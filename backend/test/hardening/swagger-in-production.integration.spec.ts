import { startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** A token pasted into Swagger UI must not outlive the tab in production (anyone at the browser could read localStorage). */
describe('Swagger UI in production (integration)', () => {
  let sut: TwilioConfigTestApp;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('swagger-production', { NODE_ENV: 'production', LOG_LEVEL: 'warn' });
  });

  afterAll(() => sut?.close());

  it('does not keep the authorization across reloads (persistAuthorization off)', async () => {
    const init = (await sut.http.get('/api/docs/swagger-ui-init.js').expect(200)).text;
    expect(init).toContain('"persistAuthorization": false');
    expect(init).not.toContain('"persistAuthorization": true');
  });
});
