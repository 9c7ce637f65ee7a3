import {
  RESTRICTED_KEY_PERMISSIONS,
  TWILIO_CAPABILITY_PERMISSIONS,
  type HealthCheck,
  type TwilioCapability,
} from '@twilio-config/shared';
import type { CreatedApiKey, EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { TwilioSecrets } from '../../src/twilio-settings-store';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/**
 * Twilio's three kinds of API key and its regions, end to end through the API (issue 13):
 * Standard and Restricted keys are validated by the calls the product makes with them, never by
 * the account fetch they may not make; the edge and region go together and credentials work in
 * their own region only. Everything is the real emulator's answer.
 */
describe('API keys and regions (integration: FerretDB, Twilio emulator, RS256 tokens)', () => {
  let sut: TwilioConfigTestApp;
  let account: EmulatorAccountSummary;

  const save = (orgId: string, body: Record<string, unknown>) =>
    sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(orgId)).send(body);
  const withKey = (key: CreatedApiKey, overrides: Record<string, unknown> = {}) =>
    settingsFor(account, { messagingServiceSid: account.messagingServices[0].sid, apiKeySid: key.sid, apiKeySecret: key.secret, ...overrides });
  const health = async (orgId: string): Promise<Record<string, HealthCheck>> => {
    const response = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(orgId)).expect(200);
    return Object.fromEntries(response.body.checks.map((check: HealthCheck) => [check.name, check]));
  };
  const restrictedKey = (permissions: readonly string[]) =>
    sut.emulator.admin.createApiKey(account.accountSid, { type: 'restricted', permissions: [...permissions] });
  /** Every call the emulator answered since `since`. */
  const callsSince = async (since: number) => (await sut.emulator.admin.requests()).filter((exchange) => Date.parse(exchange.at) >= since);

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('api-keys', { RATE_LIMIT_VALIDATE_PER_MIN: '1000', RATE_LIMIT_TEST_SMS_PER_MIN: '1000', LOG_LEVEL: 'error' });
    account = await sut.createTwilioAccount();
  });

  afterAll(() => sut?.close());

  beforeEach(async () => {
    await sut.emulator.admin.clearFaults();
    await sut.clearAllSettings();
  });

  /** Save, test SMS, webhook configuration and health: what a support user does with a key. */
  async function expectEverythingWorks(key: CreatedApiKey): Promise<void> {
    await save(ORG_A, withKey(key)).expect(200);
    const sms = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'Key test' }).expect(200);
    expect((await sut.emulator.admin.messages(account.accountSid)).map((message) => message.sid)).toContain(sms.body.sid);
    const webhook = await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(200);
    expect(webhook.body).toMatchObject({ inSync: true, reasons: [] });
    const checks = await health(ORG_A);
    expect(Object.keys(checks)).toEqual(['credentials', 'from_number', 'messages', 'messaging_service', 'conversations_service', 'webhook']);
    expect(Object.values(checks).filter((check) => !check.ok)).toEqual([]);
  }

  describe('a Standard key (what Twilio creates by default)', () => {
    it('is saved, sends the test SMS, configures the webhook and is healthy', async () => {
      const key = await sut.emulator.admin.createApiKey(account.accountSid);
      expect(key.type).toBe('standard');
      await expectEverythingWorks(key);
    });

    it('is never asked for the account (Twilio refuses Standard keys the Accounts resource); the Auth Token is', async () => {
      const key = await sut.emulator.admin.createApiKey(account.accountSid);
      const since = Date.now();
      await save(ORG_A, withKey(key)).expect(200);
      await health(ORG_A);
      const accountFetches = (await callsSince(since)).filter((exchange) => exchange.method === 'GET' && new RegExp(`/Accounts/${account.accountSid}\\.json$`).test(exchange.path));
      expect(accountFetches.length).toBeGreaterThanOrEqual(2);
      expect(accountFetches.every((exchange) => exchange.status === 200)).toBe(true);
    });

    it('sends nothing while checking that it may send', async () => {
      const key = await sut.emulator.admin.createApiKey(account.accountSid);
      const before = (await sut.emulator.admin.messages(account.accountSid)).length;
      await save(ORG_A, withKey(key)).expect(200);
      await health(ORG_A);
      expect(await sut.emulator.admin.messages(account.accountSid)).toHaveLength(before);
    });
  });

  describe('a Restricted key', () => {
    it('with the permissions the console lists is saved, sends, configures the webhook and is healthy', async () => {
      await expectEverythingWorks(await restrictedKey(RESTRICTED_KEY_PERMISSIONS));
    });

    it.each(['from_number', 'messages', 'messaging_service', 'conversations_service'] as const)(
      'without what "%s" needs answers 422 INVALID_TWILIO_CREDENTIALS naming the key and the capability, and saves nothing',
      async (capability: TwilioCapability) => {
        const missing = new Set(TWILIO_CAPABILITY_PERMISSIONS[capability]);
        const key = await restrictedKey(RESTRICTED_KEY_PERMISSIONS.filter((permission) => !missing.has(permission)));
        const response = await save(ORG_A, withKey(key)).expect(422);
        expect(response.body).toMatchObject({ code: 'INVALID_TWILIO_CREDENTIALS', capability, twilioCode: 70051 });
        expect(response.body.message).toContain(`API key SK…${key.sid.slice(-4)}`);
        expect(response.body.message).toContain(`"${capability}"`);
        expect(response.body.message).toContain(TWILIO_CAPABILITY_PERMISSIONS[capability][0]);
        expect(response.body.message).not.toContain(key.secret);
        expect(await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A })).toBeNull();
      },
    );

    it('without reading the webhook configuration answers 422 naming "webhook"', async () => {
      const key = await restrictedKey(RESTRICTED_KEY_PERMISSIONS.filter((permission) => !permission.endsWith('services.configuration.webhooks/read')));
      const response = await save(ORG_A, withKey(key)).expect(422);
      expect(response.body).toMatchObject({ code: 'INVALID_TWILIO_CREDENTIALS', capability: 'webhook' });
    });

    it('without setting the webhook is saved, and configuring the webhook answers 422 naming "webhook"', async () => {
      const key = await restrictedKey(RESTRICTED_KEY_PERMISSIONS.filter((permission) => !permission.endsWith('services.configuration.webhooks/update')));
      await save(ORG_A, withKey(key)).expect(200);
      const response = await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(422);
      expect(response.body).toMatchObject({ code: 'INVALID_TWILIO_CREDENTIALS', capability: 'webhook', twilioCode: 70051 });
    });

    it('whose permissions were narrowed in Twilio after it was saved: health says permission_missing per capability, the test SMS answers 422 "messages"', async () => {
      await save(ORG_A, settingsFor(account, { messagingServiceSid: account.messagingServices[0].sid })).expect(200);
      // The stored key replaced behind the API's back, as a change made in Twilio's Console would.
      const narrowed = await restrictedKey(RESTRICTED_KEY_PERMISSIONS.filter((permission) => !permission.startsWith('/twilio/messaging/')));
      const sealed = sut.app.get(TwilioSecrets).seal(ORG_A, { authToken: account.authToken, apiKeySecret: narrowed.secret });
      await sut.connection.collection('twilio_settings').updateOne({ orgId: ORG_A }, { $set: { apiKeySid: narrowed.sid, apiKeySecret: sealed.apiKeySecret } });
      await sut.app.get(TwilioClientFactory).invalidateCache(ORG_A);

      const checks = await health(ORG_A);
      expect(checks.credentials).toMatchObject({ ok: true, reason: null });
      expect(checks.from_number).toMatchObject({ ok: true });
      expect(checks.messages).toMatchObject({ ok: false, reason: 'permission_missing' });
      expect(checks.messaging_service).toMatchObject({ ok: false, reason: 'permission_missing' });
      expect(checks.conversations_service).toMatchObject({ ok: true });

      const sms = await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'x' }).expect(422);
      expect(sms.body).toMatchObject({ code: 'INVALID_TWILIO_CREDENTIALS', capability: 'messages' });
    });
  });

  describe('edge and region', () => {
    let ie1Account: EmulatorAccountSummary;
    const ie1Settings = (overrides: Record<string, unknown> = {}) =>
      settingsFor(ie1Account, { edge: 'dublin', region: 'ie1', ...overrides });

    beforeAll(async () => {
      ie1Account = await sut.emulator.admin.createAccount({
        region: 'ie1',
        phoneNumbers: ['+353861000' + String(process.pid % 1000).padStart(3, '0')],
        conversationsServices: [{ friendlyName: 'Support chat (IE1)' }],
      });
    });

    it('serves an IE1 account on the IE1 host (api.dublin.ie1), with its Auth Token and with its Standard key', async () => {
      const since = Date.now();
      await save(ORG_B, ie1Settings()).expect(200);
      const key = await sut.emulator.admin.createApiKey(ie1Account.accountSid);
      const saved = await save(ORG_B, ie1Settings({ apiKeySid: key.sid, apiKeySecret: key.secret })).expect(200);
      expect(saved.body).toMatchObject({ edge: 'dublin', region: 'ie1' });
      await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_B)).send({ to: '+353861234567', body: 'Hello from IE1' }).expect(200);
      await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_B)).send({}).expect(200);
      const calls = await callsSince(since);
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.filter((exchange) => exchange.region !== 'ie1')).toEqual([]);
      expect(new Set(calls.map((exchange) => exchange.edge))).toEqual(new Set(['dublin']));
    });

    it('refuses the IE1 account on US1 (no edge and region: 422, nothing saved)', async () => {
      const response = await save(ORG_B, settingsFor(ie1Account)).expect(422);
      expect(response.body.code).toBe('INVALID_TWILIO_CREDENTIALS');
      expect(await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_B })).toBeNull();
    });

    it('refuses a US1 account on the IE1 host (422)', async () => {
      const response = await save(ORG_A, settingsFor(account, { edge: 'dublin', region: 'ie1' })).expect(422);
      expect(response.body.code).toBe('INVALID_TWILIO_CREDENTIALS');
    });

    it.each([
      ['an edge without a region', { edge: 'dublin' }, 'region'],
      ['a region without an edge', { region: 'ie1' }, 'edge'],
      ['an edge that does not reach the region', { edge: 'sydney', region: 'ie1' }, 'edge'],
      ['a region Twilio does not process REST calls in', { edge: 'dublin', region: 'jp1' }, 'region'],
      ['an edge Twilio does not have', { edge: 'mars', region: 'ie1' }, 'edge'],
    ])('answers 400 naming the field for %s', async (_case, pair, field) => {
      const response = await save(ORG_B, settingsFor(ie1Account, pair)).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field });
      expect(response.body.message).toContain('ie1 with dublin');
    });

    it('accepts a blank edge and region as neither', async () => {
      await save(ORG_A, settingsFor(account, { edge: '', region: '' })).expect(200);
    });
  });
});
