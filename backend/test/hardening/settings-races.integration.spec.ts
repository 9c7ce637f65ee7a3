import { runCommand } from '../../src/cli/run-command';
import { TwilioCredentialsValidator } from '../../src/twilio/twilio-credentials.validator';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { TwilioSettingsRepository } from '../../src/twilio-settings-store';
import { randomBytes } from 'node:crypto';
import { startTwilioEmulator, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { testDatabaseUri } from '../test-environment';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** A promise the test opens when it is ready: holds a step of the API at a known point. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * Interleavings an attacker (or bad luck) can arrange, made deterministic: a step of the API is
 * held at a gate while the other request runs to its end.
 */
describe('writes that could resurrect secrets (integration)', () => {
  let emulator: RunningTwilioEmulator;
  let sut: TwilioConfigTestApp;

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
  });

  afterAll(async () => {
    await sut?.close();
    await emulator?.stop();
  });

  describe('a DELETE while a save is being validated with Twilio', () => {
    beforeAll(async () => {
      sut = await startTwilioConfigTestApp('settings-races', { RATE_LIMIT_VALIDATE_PER_MIN: '1000' }, { emulator });
    });

    /** Holds the next credential validation, once Twilio has accepted the credentials, until released. */
    function holdNextValidation() {
      const validator = sut.app.get(TwilioCredentialsValidator);
      const validate = validator.validate.bind(validator);
      const reached = gate();
      const release = gate();
      const spy = jest.spyOn(validator, 'validate').mockImplementationOnce(async (...args) => {
        const validated = await validate(...args);
        reached.open();
        await release.opened;
        return validated;
      });
      return { reached: reached.opened, release: release.open, restore: () => spy.mockRestore() };
    }

    it('the DELETE wins: the save answers 409 SETTINGS_CHANGED and nothing comes back', async () => {
      const account = await sut.createTwilioAccount();
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account)).expect(200);
      const held = holdNextValidation();
      try {
        // The save keeps the stored token (none given): exactly what would be resurrected.
        const save = sut.http
          .post('/api/twilio-config/settings')
          .set('Authorization', sut.bearer(ORG_A))
          .send(settingsFor(account, { authToken: undefined }))
          .then((response) => response);
        await held.reached;
        await sut.http.delete('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(204);
        held.release();
        const response = await save;
        expect(response.status).toBe(409);
        expect(response.body).toEqual({ statusCode: 409, code: 'SETTINGS_CHANGED', message: expect.any(String) });
      } finally {
        held.restore();
      }
      expect(await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A })).toBeNull();
      expect((await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(200)).body.configured).toBe(false);
      await expect(sut.app.get(TwilioClientFactory).getClient(ORG_A)).rejects.toMatchObject({ code: 'NOT_CONFIGURED' });
      const audit = await sut.http.get('/api/twilio-config/audit').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(audit.body.items[0].action).toBe('settings.deleted');
    });

    it('a first save loses to another save that created the settings meanwhile', async () => {
      const [first, second] = [await sut.createTwilioAccount(), await sut.createTwilioAccount()];
      const held = holdNextValidation();
      try {
        const save = sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).send(settingsFor(first)).then((response) => response);
        await held.reached;
        await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).send(settingsFor(second)).expect(200);
        held.release();
        expect((await save).body).toMatchObject({ statusCode: 409, code: 'SETTINGS_CHANGED' });
      } finally {
        held.restore();
      }
      expect((await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_B }))?.accountSid).toBe(second.accountSid);
    });

    it('a save without a race still saves, and counts a revision per save', async () => {
      const account = await sut.createTwilioAccount();
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account)).expect(200);
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account, { authToken: undefined })).expect(200);
      expect((await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A }))?.revision).toBe(2);
    });

    it('saves over a document written before revisions existed', async () => {
      const account = await sut.createTwilioAccount();
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account)).expect(200);
      await sut.connection.collection('twilio_settings').updateOne({ orgId: ORG_A }, { $unset: { revision: '' } });
      await sut.app.get(TwilioClientFactory).invalidateCache(ORG_A);
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account, { authToken: undefined })).expect(200);
      expect((await sut.connection.collection('twilio_settings').findOne({ orgId: ORG_A }))?.revision).toBe(1);
    });

    afterAll(async () => {
      await sut?.close();
      sut = undefined as unknown as TwilioConfigTestApp;
    });
  });

  describe('a save between re-encryption reading and writing an organization', () => {
    it("re-encryption leaves the token saved meanwhile, and never writes the old one back", async () => {
      const database = testDatabaseUri('reencrypt-race');
      const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
      const [before, after] = [await emulator.admin.createAccount({ phoneNumbers: ['+61480000001'] }), await emulator.admin.createAccount({ phoneNumbers: ['+61480000002'] })];
      sut = await startTwilioConfigTestApp('reencrypt-race', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: oldKey }, { emulator });
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(before)).expect(200);
      await sut.close();

      sut = await startTwilioConfigTestApp('reencrypt-race', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: newKey, CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: oldKey }, { emulator });
      const repository = sut.app.get(TwilioSettingsRepository);
      const read = repository.findSealedSecrets.bind(repository);
      // Re-encryption's first read of ORG_A answers; before it writes, support saves other credentials.
      jest.spyOn(repository, 'findSealedSecrets').mockImplementationOnce(async (orgId) => {
        const stale = await read(orgId);
        await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(after)).expect(200);
        return stale;
      });
      const result = await runCommand(sut.app, ['reencrypt']);
      expect(result.exitCode).toBe(0);

      const { client, settings } = await sut.app.get(TwilioClientFactory).getClient(ORG_A);
      expect(settings.accountSid).toBe(after.accountSid);
      expect(client).toBeDefined();
      // The token stored is the new account's: Twilio accepts it for that account.
      await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'which token?' }).expect(200);
      expect((await emulator.admin.messages(after.accountSid)).length).toBe(1);
      const audit = await sut.http.get('/api/twilio-config/audit').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(audit.body.items.map((item: { action: string }) => item.action)).not.toContain('settings.reencrypted');
    });
  });
});
