import { CapturedLogOutput } from '../auth/support/captured-log-output';
import { ORG_A, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** What an outsider sends to make the API stumble: oversized and broken bodies; what it reads from headers. */
describe('request bodies and response headers (integration)', () => {
  const logs = new CapturedLogOutput();
  let sut: TwilioConfigTestApp;

  beforeAll(async () => {
    logs.start();
    sut = await startTwilioConfigTestApp('request-bodies', { LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    logs.stop();
    await sut?.close();
  });

  const MARKER = 'body-content-marker-7f3a';
  const logLines = () =>
    logs.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg?: string; err?: unknown; [key: string]: unknown });

  describe('an oversized body', () => {
    const oversized = JSON.stringify({ accountSid: MARKER, fromNumber: MARKER.repeat(40_000) });

    it.each([
      ['an authenticated route', '/api/twilio-config/settings', true],
      ['the public webhook', '/api/twilio/conversations-webhook', false],
    ])('answers 413 PAYLOAD_TOO_LARGE on %s, never 500', async (_name, path, authenticated) => {
      const post = sut.http.post(path).set('Content-Type', 'application/json');
      if (authenticated) post.set('Authorization', sut.bearer(ORG_A));
      const response = await post.send(oversized);
      expect(response.status).toBe(413);
      expect(response.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
    });

    it('answers 413 for an oversized form body too', async () => {
      const response = await sut.http
        .post('/api/twilio/conversations-webhook')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send(`Body=${MARKER.repeat(40_000)}`);
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it.each(['/api/twilio/conversations-webhook', '/api/twilio/status-callback', '/api/twilio/messaging-webhook'])(
      'answers 413 for a form of over 1,000 parameters on %s, whose form is read from its bytes',
      async (path) => {
        const parameters = Array.from({ length: 1_001 }, (_, index) => `P${index}=${MARKER}`).join('&');
        const response = await sut.http.post(path).set('Content-Type', 'application/x-www-form-urlencoded').send(parameters);
        expect(response.status).toBe(413);
        expect(response.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
      },
    );

    it('answers a form of exactly 1,000 parameters with the signature check (403), not 413', async () => {
      const parameters = Array.from({ length: 1_000 }, (_, index) => `P${index}=${MARKER}`).join('&');
      const response = await sut.http.post('/api/twilio/conversations-webhook').set('Content-Type', 'application/x-www-form-urlencoded').send(parameters);
      expect(response.status).toBe(403);
    });
  });

  it('answers 400 for malformed JSON, naming no parser internals', async () => {
    const response = await sut.http
      .post('/api/twilio-config/settings')
      .set('Authorization', sut.bearer(ORG_A))
      .set('Content-Type', 'application/json')
      .send(`{"accountSid": "${MARKER}",`);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.' });
  });

  it('logs neither as an unexpected error: at most a line each, without body content or stack', () => {
    const lines = logLines();
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'Unexpected error')).toEqual([]);
    expect(logs.text).not.toContain(MARKER);
    expect(logs.text).not.toContain('"stack"');
    expect(lines.filter((line) => line.msg === 'Request body refused')).toHaveLength(7);
  });

  it('sends security headers and no X-Powered-By on API answers', async () => {
    const response = await sut.http.get('/health/live').expect(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    const refused = await sut.http.get('/api/twilio-config/settings').expect(401);
    expect(refused.headers['x-powered-by']).toBeUndefined();
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it("lets Swagger UI work under its own policy: its scripts and styles, the issuer's token endpoint, the sign-in popup", async () => {
    const page = await sut.http.get('/api/docs/').expect(200);
    const policy = page.headers['content-security-policy'];
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toContain("style-src 'self' 'unsafe-inline'");
    expect(policy).toContain("img-src 'self' data:");
    expect(policy).toContain(`connect-src 'self' ${new URL(sut.config.auth0.issuerUrl).origin}`);
    expect(policy).toContain("frame-ancestors 'none'");
    // The OAuth popup returns to oauth2-redirect.html and calls its opener: no opener policy may cut it off.
    expect(page.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(page.headers['x-powered-by']).toBeUndefined();
    const init = await sut.http.get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.headers['content-security-policy']).toBe(policy);
  });
});
