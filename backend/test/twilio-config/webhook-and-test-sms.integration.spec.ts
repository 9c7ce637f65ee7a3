import { CONVERSATIONS_WEBHOOK_FILTERS } from '@twilio-config/shared';
import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import request from 'supertest';
import { OperationsServer } from '../../src/operations/operations-server';
import { TwilioFleetHealthJob } from '../../src/twilio-config/health/twilio-fleet-health.job';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

describe('webhook, test SMS, audit and health routes (integration)', () => {
  let sut: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('webhook-sms', { RATE_LIMIT_TEST_SMS_PER_MIN: '1000', RATE_LIMIT_VALIDATE_PER_MIN: '1000' });
    accountA = await sut.createTwilioAccount();
  });

  afterAll(() => sut?.close());

  beforeEach(async () => {
    await sut.emulator.admin.clearFaults();
    await sut.clearAllSettings();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
  });

  describe('POST /webhook/configure', () => {
    it('sets the Conversations Service webhook in Twilio to the default URL with the five filters', async () => {
      const response = await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(200);
      const expectedUrl = 'https://api.example.test/api/twilio/conversations-webhook';
      expect(response.body).toMatchObject({ inSync: true, reasons: [], stored: { url: expectedUrl, method: 'POST' } });
      const inTwilio = await sut.emulator.admin.conversationsWebhook(accountA.conversationsServices[0].sid);
      expect(inTwilio).toMatchObject({ postWebhookUrl: expectedUrl, method: 'POST' });
      expect([...inTwilio.filters].sort()).toEqual([...CONVERSATIONS_WEBHOOK_FILTERS].sort());
      const view = await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(view.body.webhook).toEqual({ url: expectedUrl, enabled: true, configured: true });
    });

    it('uses the URL given', async () => {
      const webhookUrl = 'https://hooks.example.test/twilio';
      const response = await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({ webhookUrl }).expect(200);
      expect(response.body.twilio.url).toBe(webhookUrl);
    });

    it('answers 400 for a URL that is not http(s)', async () => {
      const response = await sut.http
        .post('/api/twilio-config/webhook/configure')
        .set('Authorization', sut.bearer(ORG_A))
        .send({ webhookUrl: 'ftp://example.test/x' })
        .expect(400);
      expect(response.body.field).toBe('webhookUrl');
    });

    it('answers 409 NO_CONVERSATIONS_SERVICE without a Conversations Service', async () => {
      await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { conversationsServiceSid: undefined }))
        .expect(200);
      const response = await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(409);
      expect(response.body.code).toBe('NO_CONVERSATIONS_SERVICE');
    });

    it('answers 409 NOT_CONFIGURED for an organization without settings', async () => {
      const response = await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_B)).send({}).expect(409);
      expect(response.body.code).toBe('NOT_CONFIGURED');
    });
  });

  describe('GET /webhook/status', () => {
    it('reports not_set before the webhook is configured', async () => {
      const response = await sut.http.get('/api/twilio-config/webhook/status').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(response.body).toMatchObject({ inSync: false, reasons: ['not_set'] });
    });

    it('reports the mismatches when the webhook was changed in Twilio', async () => {
      await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(200);
      // Someone edits the webhook in Twilio's console.
      const client = createTwilioRestClient({ username: accountA.accountSid, password: accountA.authToken, accountSid: accountA.accountSid, apiBaseUrl: sut.emulator.url });
      await client.conversations.v1
        .services(accountA.conversationsServices[0].sid)
        .configuration.webhooks()
        .update({ postWebhookUrl: 'https://elsewhere.example.test/hook', method: 'GET', filters: ['onMessageAdded'] });
      const response = await sut.http.get('/api/twilio-config/webhook/status').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(response.body.inSync).toBe(false);
      expect(response.body.reasons).toEqual(['url_mismatch', 'method_mismatch', 'filters_mismatch']);
      expect(response.body.twilio).toEqual({ url: 'https://elsewhere.example.test/hook', method: 'GET', filters: ['onMessageAdded'] });
    });
  });

  describe('POST /test/sms', () => {
    it("sends through the organization's account and answers Twilio's sid and status", async () => {
      const response = await sut.http
        .post('/api/twilio-config/test/sms')
        .set('Authorization', sut.bearer(ORG_A))
        .send({ to: '+61412345678', body: 'Hello from the test' })
        .expect(200);
      expect(response.body).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: expect.any(String) });
      const sent = await sut.emulator.admin.messages(accountA.accountSid);
      expect(sent).toContainEqual(expect.objectContaining({ sid: response.body.sid, to: '+61412345678', from: accountA.phoneNumbers[0].phoneNumber, body: 'Hello from the test' }));
    });

    it('sends through the Messaging Service when the organization has one', async () => {
      await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { messagingServiceSid: accountA.messagingServices[0].sid }))
        .expect(200);
      const response = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'Via service' }).expect(200);
      const sent = await sut.emulator.admin.messages(accountA.accountSid);
      expect(sent.find((message) => message.sid === response.body.sid)?.messagingServiceSid).toBe(accountA.messagingServices[0].sid);
    });

    it("answers 422 TWILIO_REJECTED with Twilio's code for a recipient Twilio refuses", async () => {
      const response = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+15005550001', body: 'x' }).expect(422); // Twilio's magic "invalid number"
      expect(response.body).toMatchObject({ statusCode: 422, code: 'TWILIO_REJECTED', twilioCode: 21211 });
    });

    it('answers 400 for a number that is not E.164', async () => {
      const response = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '0412 345 678', body: 'x' }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'to' });
    });

    it('answers 409 DISABLED once the settings are switched off', async () => {
      await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: false }).expect(200);
      const response = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'x' }).expect(409);
      expect(response.body.code).toBe('DISABLED');
    });

    it('answers 409 NOT_CONFIGURED for an organization without settings', async () => {
      const response = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_B)).send({ to: '+61412345678', body: 'x' }).expect(409);
      expect(response.body.code).toBe('NOT_CONFIGURED');
    });

    it('answers 502 when Twilio fails and 504 when it does not answer in time', async () => {
      await sut.emulator.admin.injectFaults({ status: 500, count: 1, pathContains: '/Messages.json' });
      expect((await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'x' }).expect(502)).body.code).toBe('TWILIO_UNAVAILABLE');
      await sut.emulator.admin.injectFaults({ hangMs: 3000, count: 1, pathContains: '/Messages.json' });
      expect((await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'x' }).expect(504)).body.code).toBe('TWILIO_TIMEOUT');
    });
  });

  describe('GET /audit', () => {
    it("lists the organization's changes newest first, with field names and never values", async () => {
      await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: false }).expect(200);
      await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: true }).expect(200);
      const response = await sut.http.get('/api/twilio-config/audit?limit=3').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(response.body.items).toHaveLength(3);
      expect(response.body.items.map((item: { action: string }) => item.action)).toEqual(['settings.enabled', 'settings.disabled', 'settings.saved']);
      expect(response.body.items[2]).toMatchObject({ actor: `auth0|support-${ORG_A}`, fields: expect.arrayContaining(['accountSid', 'authToken', 'fromNumber']) });
      expect(JSON.stringify(response.body)).not.toContain(accountA.authToken);
      const otherOrg = await sut.http.get('/api/twilio-config/audit').set('Authorization', sut.bearer(ORG_B)).expect(200);
      expect(otherOrg.body.items).toEqual([]);
    });

    it('answers 400 for a limit above 200', async () => {
      const response = await sut.http.get('/api/twilio-config/audit?limit=500').set('Authorization', sut.bearer(ORG_A)).expect(400);
      expect(response.body.field).toBe('limit');
    });
  });

  describe('GET /health', () => {
    it('reports every check healthy once the webhook is configured', async () => {
      await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(200);
      const response = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(response.body.healthy).toBe(true);
      expect(response.body.checks.map((check: { name: string }) => check.name)).toEqual([
        'credentials',
        'from_number',
        'messages',
        'messaging_service',
        'conversations_service',
        'webhook',
      ]);
    });

    it('says why, as codes: a from number the account does not own, a webhook not set', async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA, { fromNumber: '+61499990000' })).expect(200);
      const response = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(response.body.healthy).toBe(false);
      const byName = Object.fromEntries(response.body.checks.map((check: { name: string }) => [check.name, check]));
      expect(byName.from_number).toMatchObject({ ok: false, reason: 'from_number_not_owned' });
      expect(byName.webhook).toMatchObject({ ok: false, reason: 'not_set' });
      expect(byName.credentials).toMatchObject({ ok: true, reason: null });
    });

    it('tells monitoring (on METRICS_PORT, from the scheduled job) how many organizations are healthy, without naming any', async () => {
      const port = await sut.app.get(OperationsServer).listen();
      await sut.app.get(TwilioFleetHealthJob).runNow();
      const response = await request(`http://127.0.0.1:${port}`).get('/health/twilio').expect(200);
      expect(response.body).toEqual({
        status: 'ok',
        lastFailureAt: null,
        organizations: 1,
        healthy: 0,
        unhealthy: 1,
        unchecked: 0,
        unhealthyByCheck: { webhook: 1 },
        checkedAt: expect.any(String),
      });
      expect(JSON.stringify(response.body)).not.toContain(ORG_A);
      expect(JSON.stringify(response.body)).not.toContain(accountA.accountSid);
    });

    it('reports an organization without settings as unhealthy, not as an error', async () => {
      const response = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_B)).expect(200);
      expect(response.body).toEqual({ healthy: false, checks: [{ name: 'credentials', ok: false, reason: 'not_configured' }] });
    });
  });
});
