import { startTwilioEmulator, type EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { TwilioSettingsRepository } from '../../src/twilio-settings-store';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { TwilioDisabledError, TwilioNotConfiguredError } from '../../src/twilio/twilio.errors';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

describe(TwilioClientFactory.name, () => {
  let app: TwilioConfigTestApp;
  let sut: TwilioClientFactory;
  let repository: TwilioSettingsRepository;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;

  beforeAll(async () => {
    app = await startTwilioConfigTestApp('client-factory', { RATE_LIMIT_VALIDATE_PER_MIN: '1000' });
    sut = app.app.get(TwilioClientFactory);
    repository = app.app.get(TwilioSettingsRepository);
    accountA = await app.createTwilioAccount();
    accountB = await app.createTwilioAccount();
  });

  afterAll(() => app?.close());

  beforeEach(async () => {
    await app.clearAllSettings();
    await sut.invalidateCache(ORG_A);
    await sut.invalidateCache(ORG_B);
    jest.restoreAllMocks();
  });

  const save = (orgId: string, account: EmulatorAccountSummary, overrides: Record<string, unknown> = {}) =>
    app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(orgId)).send(settingsFor(account, overrides)).expect(200);

  describe('getClient', () => {
    it("answers the organization's ready client and its settings", async () => {
      await save(ORG_A, accountA);
      const { client, settings } = await sut.getClient(ORG_A);
      expect(settings).toMatchObject({ orgId: ORG_A, source: 'organization', accountSid: accountA.accountSid, fromNumber: accountA.phoneNumbers[0].phoneNumber });
      const account = await client.api.v2010.accounts(accountA.accountSid).fetch();
      expect(account.sid).toBe(accountA.accountSid);
      expect(JSON.stringify(settings)).not.toContain(accountA.authToken);
    });

    it('answers the cached client without reading the database again', async () => {
      await save(ORG_A, accountA);
      const first = await sut.getClient(ORG_A);
      const reads = jest.spyOn(repository, 'findWithSecretsByOrg');
      const second = await sut.getClient(ORG_A);
      expect(second.client).toBe(first.client);
      expect(reads).not.toHaveBeenCalled();
    });

    it('reads the database and decrypts once for a thousand concurrent callers of a cold organization', async () => {
      await save(ORG_A, accountA);
      await sut.invalidateCache(ORG_A);
      const reads = jest.spyOn(repository, 'findWithSecretsByOrg');
      const results = await Promise.all(Array.from({ length: 1000 }, () => sut.getClient(ORG_A)));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(new Set(results.map((result) => result.client)).size).toBe(1);
    });

    it('keeps each organization on its own account', async () => {
      await save(ORG_A, accountA);
      await save(ORG_B, accountB);
      expect((await sut.getClient(ORG_A)).settings.accountSid).toBe(accountA.accountSid);
      expect((await sut.getClient(ORG_B)).settings.accountSid).toBe(accountB.accountSid);
    });

    it('rebuilds the client after the settings change', async () => {
      await save(ORG_A, accountA);
      const before = await sut.getClient(ORG_A);
      await save(ORG_A, accountA, { fromNumber: '+61411112222' });
      const after = await sut.getClient(ORG_A);
      expect(after.client).not.toBe(before.client);
      expect(after.settings.fromNumber).toBe('+61411112222');
    });

    it('refuses with TwilioNotConfiguredError when the organization has no settings', async () => {
      await expect(sut.getClient(ORG_B)).rejects.toBeInstanceOf(TwilioNotConfiguredError);
    });

    it('refuses with TwilioDisabledError once the settings are switched off, even if a client was cached', async () => {
      await save(ORG_A, accountA);
      await sut.getClient(ORG_A);
      await app.http.put('/api/twilio-config/settings/toggle').set('Authorization', app.bearer(ORG_A)).send({ enabled: false }).expect(200);
      await expect(sut.getClient(ORG_A)).rejects.toBeInstanceOf(TwilioDisabledError);
    });

    it('refuses after the settings are deleted, even if a client was cached', async () => {
      await save(ORG_A, accountA);
      await sut.getClient(ORG_A);
      await app.http.delete('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).expect(204);
      await expect(sut.getClient(ORG_A)).rejects.toBeInstanceOf(TwilioNotConfiguredError);
    });

    it('does not cache a load that raced with an invalidation', async () => {
      await save(ORG_A, accountA);
      await sut.invalidateCache(ORG_A);
      const loading = sut.getClient(ORG_A);
      await sut.invalidateCache(ORG_A);
      await loading;
      const reads = jest.spyOn(repository, 'findWithSecretsByOrg');
      await sut.getClient(ORG_A);
      expect(reads).toHaveBeenCalledTimes(1);
    });
  });
});

describe(`${TwilioClientFactory.name} with the development fallback`, () => {
  let app: TwilioConfigTestApp;
  let fallbackAccount: EmulatorAccountSummary;

  afterEach(() => app?.close());

  it('uses TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN for an organization without settings while TWILIO_ENV_FALLBACK is true', async () => {
    const emulator = await startTwilioEmulator({ port: 0 });
    fallbackAccount = await emulator.admin.createAccount({ phoneNumbers: ['+61466600001'] });
    app = await startTwilioConfigTestApp(
      'client-factory-fallback',
      { TWILIO_ENV_FALLBACK: 'true', TWILIO_ACCOUNT_SID: fallbackAccount.accountSid, TWILIO_AUTH_TOKEN: fallbackAccount.authToken, TWILIO_FROM_MAIN: '+61466600001' },
      { emulator },
    );
    const { settings } = await app.app.get(TwilioClientFactory).getClient(ORG_B);
    expect(settings).toMatchObject({ source: 'environment', accountSid: fallbackAccount.accountSid, fromNumber: '+61466600001' });
    const view = await app.http.get('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_B)).expect(200);
    expect(view.body).toMatchObject({ configured: false, credentialSource: 'environment' });
    await emulator.stop();
  });
});
