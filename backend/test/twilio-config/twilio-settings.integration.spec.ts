import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

describe('/api/twilio-config/settings (integration: FerretDB, Twilio emulator, RS256 tokens)', () => {
  let sut: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('settings', { RATE_LIMIT_VALIDATE_PER_MIN: '1000' });
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
  });

  afterAll(() => sut?.close());

  beforeEach(async () => {
    await sut.emulator.admin.clearFaults();
    await sut.clearAllSettings();
  });

  describe('GET', () => {
    it('answers configured: false for an organization without settings', async () => {
      const response = await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(response.body).toMatchObject({ configured: false, enabled: false, credentialSource: 'none', hasAuthToken: false });
    });

    it('answers 403 FORBIDDEN without the support role', async () => {
      const response = await sut.http
        .get('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A, { roles: ['viewer'] }))
        .expect(403);
      expect(response.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: expect.any(String) });
    });

    it('answers 401 without a token', async () => {
      const response = await sut.http.get('/api/twilio-config/settings').expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('POST', () => {
    it('validates with Twilio, saves, and shows the settings without any secret', async () => {
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA))
        .expect(200);
      expect(response.body).toMatchObject({
        configured: true,
        enabled: true,
        validated: true,
        hasAuthToken: true,
        credentialSource: 'organization',
        fromNumber: accountA.phoneNumbers[0].phoneNumber,
        conversationsServiceSid: accountA.conversationsServices[0].sid,
        accountSidMasked: `AC…${accountA.accountSid.slice(-4)}`,
        updatedBy: `auth0|support-${ORG_A}`,
      });
      expect(response.body.validatedAt).toEqual(expect.any(String));
      expect(JSON.stringify(response.body)).not.toContain(accountA.authToken);
      expect(JSON.stringify(response.body)).not.toContain(accountA.accountSid);
      const requests = await sut.emulator.admin.requests();
      expect(requests.some((exchange) => exchange.method === 'GET' && exchange.path.endsWith(`/Accounts/${accountA.accountSid}.json`))).toBe(true);
    });

    it('answers 422 INVALID_TWILIO_CREDENTIALS for a wrong Auth Token and saves nothing', async () => {
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { authToken: 'f'.repeat(32) }))
        .expect(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'INVALID_TWILIO_CREDENTIALS', twilioCode: 20003 });
      expect(await sut.connection.collection('twilio_settings').countDocuments({ orgId: ORG_A })).toBe(0);
    });

    it('answers 422 naming the field for a Messaging Service Twilio does not know', async () => {
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { messagingServiceSid: 'MG' + '0'.repeat(32) }))
        .expect(422);
      expect(response.body).toMatchObject({ code: 'TWILIO_RESOURCE_NOT_FOUND', field: 'messagingServiceSid' });
      expect(await sut.connection.collection('twilio_settings').countDocuments({ orgId: ORG_A })).toBe(0);
    });

    it.each([
      ['accountSid', { accountSid: 'AC123' }],
      ['fromNumber', { fromNumber: '0412345678' }],
      ['fromNumber', { fromNumber: '+61 412 345 678' }],
      ['conversationsServiceSid', { conversationsServiceSid: 'MG' + '0'.repeat(32) }],
      ['apiKeySid', { apiKeySid: 'AC' + '0'.repeat(32) }],
      ['edge', { edge: 'mars' }],
    ])('answers 400 naming %s when its format is wrong', async (field, override) => {
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, override))
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', field });
      expect(response.body.message).toContain(field);
    });

    it('answers 400 for an unknown field and never echoes a secret value', async () => {
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send({ ...settingsFor(accountA), orgId: ORG_B })
        .expect(400);
      expect(response.body.message).toContain('orgId');
      expect(JSON.stringify(response.body)).not.toContain(accountA.authToken);
    });

    it('keeps the stored Auth Token when it is left out', async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
      const { authToken: _left, ...withoutToken } = settingsFor(accountA);
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send({ ...withoutToken, fromNumber: '+61400000009' })
        .expect(200);
      expect(response.body).toMatchObject({ hasAuthToken: true, fromNumber: '+61400000009', validated: true });
    });

    it('requires the Auth Token the first time and when the account changes', async () => {
      const { authToken: _left, ...withoutToken } = settingsFor(accountA);
      const first = await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(withoutToken).expect(400);
      expect(first.body.field).toBe('authToken');
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
      const { authToken: _tokenB, ...accountBWithoutToken } = settingsFor(accountB);
      const changed = await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(accountBWithoutToken).expect(400);
      expect(changed.body.field).toBe('authToken');
    });

    it('authenticates REST calls with an API key (a Standard key, as Twilio creates by default) when one is given', async () => {
      const apiKey = await sut.emulator.admin.createApiKey(accountA.accountSid);
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret }))
        .expect(200);
      expect(response.body).toMatchObject({ apiKeySid: apiKey.sid, hasApiKeySecret: true, hasAuthToken: true });
      expect(JSON.stringify(response.body)).not.toContain(apiKey.secret);
    });

    it('accepts a Main API key too (full access, though Twilio discourages it)', async () => {
      const apiKey = await sut.emulator.admin.createApiKey(accountA.accountSid, { type: 'main' });
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret }))
        .expect(200);
      expect(response.body).toMatchObject({ apiKeySid: apiKey.sid, hasApiKeySecret: true });
    });

    it('answers 422 naming the key (masked, never its secret) for an API key secret Twilio rejects', async () => {
      const apiKey = await sut.emulator.admin.createApiKey(accountA.accountSid);
      const wrongSecret = 'A'.repeat(32);
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { apiKeySid: apiKey.sid, apiKeySecret: wrongSecret }))
        .expect(422);
      expect(response.body.code).toBe('INVALID_TWILIO_CREDENTIALS');
      expect(response.body.message).toContain(`API key SK…${apiKey.sid.slice(-4)}`);
      expect(response.body.message).not.toContain(wrongSecret);
    });
  });

  describe('Twilio failures leave the stored settings as they were', () => {
    beforeEach(async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
    });

    it.each([
      [500, 502, 'TWILIO_UNAVAILABLE'],
      [503, 502, 'TWILIO_UNAVAILABLE'],
      [429, 429, 'TWILIO_RATE_LIMITED'],
    ] as const)('Twilio %i answers %i %s', async (twilioStatus, status, code) => {
      const before = await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A });
      await sut.emulator.admin.injectFaults({ status: twilioStatus, count: 1, pathContains: '/Accounts/' });
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { fromNumber: '+61499999999' }))
        .expect(status);
      expect(response.body.code).toBe(code);
      expect(await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A })).toEqual(before);
    });

    it('a Twilio timeout answers 504 TWILIO_TIMEOUT', async () => {
      const before = await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A });
      await sut.emulator.admin.injectFaults({ hangMs: 3000, count: 1, pathContains: '/Accounts/' });
      const response = await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(accountA, { fromNumber: '+61499999999' }))
        .expect(504);
      expect(response.body.code).toBe('TWILIO_TIMEOUT');
      expect(await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A })).toEqual(before);
    });
  });

  describe('toggle and delete', () => {
    it('answers 409 NOT_CONFIGURED when there is nothing to toggle', async () => {
      const response = await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: true }).expect(409);
      expect(response.body.code).toBe('NOT_CONFIGURED');
    });

    it('disables and enables the settings', async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
      const off = await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: false }).expect(200);
      expect(off.body).toMatchObject({ enabled: false, configured: true, credentialSource: 'none' });
      const on = await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: true }).expect(200);
      expect(on.body).toMatchObject({ enabled: true, credentialSource: 'organization' });
    });

    it('rejects a toggle body that is not a boolean', async () => {
      const response = await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: 'yes' }).expect(400);
      expect(response.body.field).toBe('enabled');
    });

    it('deletes the settings and their secrets (204), then shows them unconfigured', async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
      await sut.http.delete('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(204);
      expect(await sut.connection.collection('twilio_settings').countDocuments({ orgId: ORG_A })).toBe(0);
      const view = await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(view.body.configured).toBe(false);
    });
  });

  describe('tenant isolation', () => {
    it("never shows, changes or deletes another organization's settings", async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
      const viewB = await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).expect(200);
      expect(viewB.body.configured).toBe(false);
      await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_B)).send({ enabled: false }).expect(409);
      await sut.http.delete('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).expect(204);
      const viewA = await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(viewA.body).toMatchObject({ configured: true, enabled: true });
    });
  });
});
