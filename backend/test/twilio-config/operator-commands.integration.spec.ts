import { randomBytes } from 'node:crypto';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { runCommand } from '../../src/cli/run-command';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { AuthTokenRotationStore } from '../../src/twilio-settings-store';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { testDatabaseUri } from '../test-environment';

describe('operator commands (integration)', () => {
  let emulator: RunningTwilioEmulator;
  let account: EmulatorAccountSummary;
  let app: TwilioConfigTestApp | undefined;

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
    account = await emulator.admin.createAccount({ phoneNumbers: ['+61477700001'], conversationsServices: [{}] });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(() => emulator?.stop());

  describe('reencrypt', () => {
    it('re-encrypts every secret under the new key, keeps them readable, and is idempotent and audited', async () => {
      const database = testDatabaseUri('reencrypt');
      const oldKey = randomBytes(32).toString('base64');
      const newKey = randomBytes(32).toString('base64');
      app = await startTwilioConfigTestApp('reencrypt', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: oldKey }, { emulator });
      const apiKey = await emulator.admin.createApiKey(account.accountSid);
      await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).send(settingsFor(account, { apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret })).expect(200);
      await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_B)).send(settingsFor(account)).expect(200);
      const before = await app.connection.collection('twilio_settings').findOne({ orgId: ORG_A });
      await app.close();

      app = await startTwilioConfigTestApp('reencrypt', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: newKey, CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: oldKey }, { emulator });
      const first = await runCommand(app.app, ['reencrypt']);
      expect(first).toEqual({ exitCode: 0, output: 'Re-encrypted 2 of 2 organizations\' secrets' });
      const after = await app.connection.collection('twilio_settings').findOne({ orgId: ORG_A });
      expect(after?.authToken.keyId).not.toBe(before?.authToken.keyId);
      expect(after?.apiKeySecret.keyId).toBe(after?.authToken.keyId);
      expect(await runCommand(app.app, ['reencrypt'])).toEqual({ exitCode: 0, output: 'Re-encrypted 0 of 2 organizations\' secrets' });
      const audit = await app.http.get('/api/twilio-config/audit?limit=1').set('Authorization', app.bearer(ORG_A)).expect(200);
      expect(audit.body.items[0]).toMatchObject({ actor: 'system:reencrypt', action: 'settings.reencrypted', fields: ['apiKeySecret', 'authToken'] });
      await app.close();

      // Without the previous key the re-encrypted secrets still work: the rotation is complete.
      app = await startTwilioConfigTestApp('reencrypt', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: newKey }, { emulator });
      const sms = await app.http.post('/api/twilio-config/test/sms').set('Authorization', app.bearer(ORG_A)).send({ to: '+61412345678', body: 'after rotation' });
      expect(sms.status).toBe(200);
    });

    it("re-encrypts a rotation's secondary and previous tokens too: they stay usable once the previous key is removed", async () => {
      const database = testDatabaseUri('reencrypt-rotation');
      const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
      app = await startTwilioConfigTestApp('reencrypt-rotation', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: oldKey, WEBHOOK_RECONCILE_INTERVAL_SECONDS: '0' }, { emulator });
      const rotation = '/api/twilio-config/auth-token/rotation';
      // ORG_A is mid-rotation (a secondary token stored); ORG_B promoted (the replaced token kept for the grace period).
      const [started, promoted] = [await app.createTwilioAccount(), await app.createTwilioAccount()];
      await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).send(settingsFor(started)).expect(200);
      await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_B)).send(settingsFor(promoted)).expect(200);
      await app.http.post(rotation).set('Authorization', app.bearer(ORG_A)).expect(200);
      await app.http.post(rotation).set('Authorization', app.bearer(ORG_B)).expect(200);
      await app.http.post(`${rotation}/promote`).set('Authorization', app.bearer(ORG_B)).expect(200);
      const tokensBefore = {
        [ORG_A]: await app.app.get(AuthTokenRotationStore).signatureTokens(ORG_A, new Date()),
        [ORG_B]: await app.app.get(AuthTokenRotationStore).signatureTokens(ORG_B, new Date()),
      };
      // The Auth Token, then the secondary (ORG_A) or the replaced token (ORG_B).
      expect(tokensBefore[ORG_A]).toEqual([started.authToken, expect.stringMatching(/^[0-9a-f]{32}$/)]);
      expect(tokensBefore[ORG_B]).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), promoted.authToken]);
      const revisionBefore = (await app.connection.collection('twilio_settings').findOne({ orgId: ORG_A }))?.revision as number;
      await app.close();

      app = await startTwilioConfigTestApp('reencrypt-rotation', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: newKey, CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: oldKey, WEBHOOK_RECONCILE_INTERVAL_SECONDS: '0' }, { emulator });
      expect(await runCommand(app.app, ['reencrypt'])).toEqual({ exitCode: 0, output: 'Re-encrypted 2 of 2 organizations\' secrets' });
      const [documentA, documentB] = [
        await app.connection.collection('twilio_settings').findOne({ orgId: ORG_A }),
        await app.connection.collection('twilio_settings').findOne({ orgId: ORG_B }),
      ];
      expect(documentA?.secondaryAuthToken.keyId).toBe(documentA?.authToken.keyId);
      expect(documentB?.previousAuthToken.keyId).toBe(documentB?.authToken.keyId);
      // A token write like any other: a save validated meanwhile answers 409 SETTINGS_CHANGED.
      expect(documentA?.revision).toBe(revisionBefore + 1);
      const auditA = await app.http.get('/api/twilio-config/audit?limit=1').set('Authorization', app.bearer(ORG_A)).expect(200);
      expect(auditA.body.items[0]).toMatchObject({ actor: 'system:reencrypt', action: 'settings.reencrypted', fields: ['authToken', 'secondaryAuthToken'] });
      const auditB = await app.http.get('/api/twilio-config/audit?limit=1').set('Authorization', app.bearer(ORG_B)).expect(200);
      expect(auditB.body.items[0]).toMatchObject({ action: 'settings.reencrypted', fields: ['authToken', 'previousAuthToken'] });
      expect(await runCommand(app.app, ['reencrypt'])).toEqual({ exitCode: 0, output: 'Re-encrypted 0 of 2 organizations\' secrets' });
      await app.close();

      // Without the previous key the rotation goes on: the tokens open, and the promotion goes through.
      app = await startTwilioConfigTestApp('reencrypt-rotation', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: newKey, WEBHOOK_RECONCILE_INTERVAL_SECONDS: '0' }, { emulator });
      expect(await app.app.get(AuthTokenRotationStore).signatureTokens(ORG_A, new Date())).toEqual(tokensBefore[ORG_A]);
      expect(await app.app.get(AuthTokenRotationStore).signatureTokens(ORG_B, new Date())).toEqual(tokensBefore[ORG_B]);
      await app.http.post(`${rotation}/promote`).set('Authorization', app.bearer(ORG_A)).expect(200);
    });

    it('answers 500 CREDENTIALS_UNREADABLE, clearly, when the key that sealed a secret is gone', async () => {
      const database = testDatabaseUri('lost-key');
      app = await startTwilioConfigTestApp('lost-key', { MONGODB_URI: database }, { emulator });
      await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).send(settingsFor(account)).expect(200);
      await app.close();
      app = await startTwilioConfigTestApp('lost-key', { MONGODB_URI: database, CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64') }, { emulator });
      const response = await app.http.post('/api/twilio-config/test/sms').set('Authorization', app.bearer(ORG_A)).send({ to: '+61412345678', body: 'x' }).expect(500);
      expect(response.body).toMatchObject({ code: 'CREDENTIALS_UNREADABLE', message: expect.stringContaining('cannot be decrypted') });
    });
  });

  describe('import-env', () => {
    it("moves the environment's credentials into the organization, validated, once", async () => {
      app = await startTwilioConfigTestApp(
        'import-env',
        { TWILIO_ACCOUNT_SID: account.accountSid, TWILIO_AUTH_TOKEN: account.authToken, TWILIO_FROM_MAIN: '+61477700001' },
        { emulator },
      );
      expect(await runCommand(app.app, ['import-env', '--org', ORG_A])).toEqual({ exitCode: 0, output: `Imported the environment's Twilio credentials into ${ORG_A}` });
      const view = await app.http.get('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).expect(200);
      expect(view.body).toMatchObject({ configured: true, enabled: true, validated: true, credentialSource: 'organization', fromNumber: '+61477700001', updatedBy: 'system:import-env' });
      const { settings } = await app.app.get(TwilioClientFactory).getClient(ORG_A);
      expect(settings.source).toBe('organization');
      expect(await runCommand(app.app, ['import-env', '--org', ORG_A])).toEqual({ exitCode: 0, output: `${ORG_A} already has these credentials; nothing changed` });
      const audit = await app.http.get('/api/twilio-config/audit').set('Authorization', app.bearer(ORG_A)).expect(200);
      expect(audit.body.items).toHaveLength(1);
    });

    it('refuses credentials Twilio rejects and saves nothing', async () => {
      app = await startTwilioConfigTestApp(
        'import-env-bad',
        { TWILIO_ACCOUNT_SID: account.accountSid, TWILIO_AUTH_TOKEN: 'c'.repeat(32), TWILIO_FROM_MAIN: '+61477700001' },
        { emulator },
      );
      const result = await runCommand(app.app, ['import-env', '--org', ORG_A]);
      expect(result.exitCode).toBe(1);
      expect(result.output).toMatch(/^import-env failed: Twilio rejected these credentials/);
      expect(result.output).not.toContain('c'.repeat(32));
      expect(await app.connection.collection('twilio_settings').countDocuments({})).toBe(0);
    });

    it('explains what is missing', async () => {
      app = await startTwilioConfigTestApp('import-env-missing', {}, { emulator });
      expect(await runCommand(app.app, ['import-env'])).toMatchObject({ exitCode: 2, output: expect.stringContaining('--org') });
      expect(await runCommand(app.app, ['import-env', '--org', ORG_A])).toMatchObject({ exitCode: 1, output: expect.stringContaining('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set') });
      expect(await runCommand(app.app, ['frobnicate'])).toMatchObject({ exitCode: 2, output: expect.stringContaining('usage:') });
    });
  });
});
