import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { CapturedLogOutput } from '../auth/support/captured-log-output';
import { ORG_A, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** Every form a secret could leak in: as is, base64, base64url and hex. */
function leakedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
}

describe('secrets at rest and in logs (integration)', () => {
  const logs = new CapturedLogOutput();
  let sut: TwilioConfigTestApp;
  let account: EmulatorAccountSummary;
  let apiKey: { sid: string; secret: string };
  let bearerTokens: string[];

  beforeAll(async () => {
    logs.start();
    sut = await startTwilioConfigTestApp('secrets-logs', { LOG_LEVEL: 'debug', RATE_LIMIT_VALIDATE_PER_MIN: '1000' });
    account = await sut.createTwilioAccount();
    apiKey = await sut.emulator.admin.createApiKey(account.accountSid);
    bearerTokens = [sut.tokenFor(ORG_A)];
    const authorization = `Bearer ${bearerTokens[0]}`;
    // A whole working session: save (with an API key), read, toggle, webhook, SMS, a refusal, a bad body.
    await sut.http.post('/api/twilio-config/settings').set('Authorization', authorization).send(settingsFor(account, { apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret })).expect(200);
    await sut.http.get('/api/twilio-config/settings').set('Authorization', authorization).expect(200);
    await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', authorization).send({ enabled: true }).expect(200);
    await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', authorization).send({}).expect(200);
    await sut.http.post('/api/twilio-config/test/sms').set('Authorization', authorization).send({ to: '+61412345678', body: 'hi' }).expect(200);
    await sut.http.post('/api/twilio-config/settings').set('Authorization', authorization).send(settingsFor(account, { authToken: 'e'.repeat(32) })).expect(422);
    await sut.http.post('/api/twilio-config/settings').set('Authorization', authorization).send({ ...settingsFor(account), accountSid: 'nope' }).expect(400);
    await sut.http.get('/api/twilio-config/settings').set('Authorization', `Bearer ${bearerTokens[0]}x`).expect(401);
  });

  afterAll(async () => {
    logs.stop();
    await sut?.close();
  });

  it('stores the Auth Token and API key secret encrypted, in no readable form, in any collection', async () => {
    const collections = await sut.connection.db!.listCollections().toArray();
    expect(collections.map((collection) => collection.name)).toEqual(expect.arrayContaining(['twilio_settings', 'twilio_config_audit']));
    for (const { name } of collections) {
      const raw = JSON.stringify(await sut.connection.collection(name).find({}).toArray());
      for (const form of [...leakedForms(account.authToken), ...leakedForms(apiKey.secret)]) {
        expect({ collection: name, leaks: raw.includes(form) }).toEqual({ collection: name, leaks: false });
      }
    }
    const stored = await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A });
    expect(stored?.authToken).toEqual({ keyId: expect.any(String), iv: expect.any(String), ciphertext: expect.any(String), tag: expect.any(String) });
  });

  it('keeps one settings document per organization (unique index on the org id)', async () => {
    const indexes = await sut.connection.collection('twilio_settings').indexes();
    expect(indexes).toContainEqual(expect.objectContaining({ key: { orgId: 1 }, unique: true }));
    await expect(sut.connection.collection('twilio_settings').insertOne({ orgId: ORG_A })).rejects.toMatchObject({ code: 11000 });
  });

  it('never selects the secrets unless asked', async () => {
    const { TwilioSettings } = await import('../../src/twilio-settings-store/schemas/twilio-settings.schema');
    const doc = await sut.connection.model(TwilioSettings.name).findOne({ orgId: ORG_A }).lean();
    expect(doc).not.toHaveProperty('authToken');
    expect(doc).not.toHaveProperty('apiKeySecret');
  });

  it('writes no auth token, API key secret or access token to the logs', () => {
    expect(logs.text.length).toBeGreaterThan(0);
    for (const secret of [account.authToken, apiKey.secret, ...bearerTokens]) {
      for (const form of leakedForms(secret)) expect(logs.text.includes(form)).toBe(false);
    }
  });

  it("logs the product's events (cache invalidated, fallback used, settings saved, webhook configured) as structured JSON lines", () => {
    const lines = logs.text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { msg?: string; orgId?: string });
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining([`Settings saved for org: ${ORG_A}`, `Cache invalidated for org: ${ORG_A}`, `Webhook configured for org ${ORG_A}`]));
    expect(lines.find((line) => line.msg === `Settings saved for org: ${ORG_A}`)?.orgId).toBe(ORG_A);
  });
});
