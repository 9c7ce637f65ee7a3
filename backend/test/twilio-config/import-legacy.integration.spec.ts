import { randomBytes } from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { runCommand } from '../../src/cli/run-command';
import { ORG_A, ORG_B, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { testDatabaseUri } from '../test-environment';

const ORG_BAD_SID = 'org_C3d4E5f6G7h8I9j0';
const ORG_WRONG_TOKEN = 'org_D4e5F6g7H8i9J0k1';
const ORG_TWICE = 'org_E5f6G7h8I9j0K1l2';
const ORG_UNKNOWN_SERVICE = 'org_F6g7H8i9J0k1L2m3';

/** A TwilioSettings document as the earlier Express version's Mongoose model stored it (tokens in clear text). */
function legacyDocument(orgId: string | undefined, account: EmulatorAccountSummary, overrides: Record<string, unknown> = {}) {
  return {
    ...(orgId === undefined ? {} : { org_id: orgId }),
    accountSid: account.accountSid,
    authToken: account.authToken,
    fromNumber: account.phoneNumbers[0].phoneNumber,
    messagingServiceSid: account.messagingServices[0].sid,
    conversationsServiceSid: account.conversationsServices[0].sid,
    webhookUrl: 'https://old.example.test/api/twilio/conversations-webhook',
    webhookEnabled: true,
    webhookConfigured: true,
    enabled: true,
    createdAt: new Date('2025-11-01T00:00:00Z'),
    updatedAt: new Date('2025-12-03T00:00:00Z'),
    __v: 0,
    ...overrides,
  };
}

describe('npm run twilio:import-legacy (integration: FerretDB source, Twilio emulator)', () => {
  let emulator: RunningTwilioEmulator;
  let app: TwilioConfigTestApp;
  let source: Connection;
  let sourceUri: string;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;
  let secretsInSource: string[];

  const importLegacy = (...flags: string[]) => runCommand(app.app, ['import-legacy', '--source-uri', sourceUri, ...flags]);
  const legacy = () => source.collection('twiliosettings');
  const auditOf = async (orgId: string) => (await app.http.get('/api/twilio-config/audit').set('Authorization', app.bearer(orgId)).expect(200)).body.items;

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
    app = await startTwilioConfigTestApp('import-legacy', {}, { emulator });
    accountA = await app.createTwilioAccount();
    accountB = await app.createTwilioAccount();
    const other = await app.createTwilioAccount();
    sourceUri = testDatabaseUri('legacy-source');
    source = await mongoose.createConnection(sourceUri).asPromise();
    const wrongToken = randomBytes(16).toString('hex');
    await legacy().insertMany([
      legacyDocument(ORG_A, accountA),
      legacyDocument(ORG_B, accountB, { enabled: false, webhookConfigured: false, messagingServiceSid: null }),
      legacyDocument(ORG_BAD_SID, other, { accountSid: 'AC123' }),
      legacyDocument(ORG_WRONG_TOKEN, other, { authToken: wrongToken }),
      legacyDocument(undefined, other),
      legacyDocument(ORG_TWICE, other),
      legacyDocument(ORG_TWICE, other, { fromNumber: '+61400000999' }),
      legacyDocument(ORG_UNKNOWN_SERVICE, other, { conversationsServiceSid: `IS${'0'.repeat(32)}` }),
    ]);
    secretsInSource = [accountA.authToken, accountB.authToken, other.authToken, wrongToken];
  });

  afterAll(async () => {
    await source?.close();
    await app?.close();
    await emulator?.stop();
  });

  const expectNoSecretIn = (output: string) => {
    for (const secret of secretsInSource) expect(output).not.toContain(secret);
  };

  it('--dry-run reports what would happen, per organization, and changes nothing', async () => {
    const result = await importLegacy('--dry-run');
    expect(result.exitCode).toBe(1);
    expectNoSecretIn(result.output);
    const lines = result.output.split('\n');
    expect(lines[0]).toMatch(/collection twiliosettings\) — dry run, nothing changed:$/);
    const lineOf = (orgId: string) => lines.filter((line) => line.trim().startsWith(orgId));
    expect(lineOf(ORG_A)[0]).toMatch(/would import/);
    expect(lineOf(ORG_B)[0]).toMatch(/would import/);
    expect(lineOf(ORG_BAD_SID)[0]).toMatch(/refused .*accountSid is not an Account SID/);
    expect(lineOf(ORG_WRONG_TOKEN)[0]).toMatch(/refused .*INVALID_TWILIO_CREDENTIALS/);
    expect(lineOf(ORG_TWICE)).toHaveLength(2);
    for (const line of lineOf(ORG_TWICE)) expect(line).toMatch(/refused .*2 source documents name this organization/);
    expect(lineOf(ORG_UNKNOWN_SERVICE)[0]).toMatch(/refused .*TWILIO_RESOURCE_NOT_FOUND/);
    expect(lines.find((line) => line.includes('(no org_id'))).toMatch(/refused .*no org_id/);
    expect(lines.at(-1)).toBe('Would import 2, unchanged 0, refused 6.');

    expect(await app.connection.collection('twilio_settings').countDocuments({})).toBe(0);
    expect(await app.connection.collection('twilio_config_audit').countDocuments({})).toBe(0);
    expect(await legacy().countDocuments({ authToken: { $exists: true } })).toBe(8);
  });

  it('imports the good documents encrypted for the same organizations, audited, keeping the source switch', async () => {
    const result = await importLegacy();
    expect(result.exitCode).toBe(1);
    expectNoSecretIn(result.output);
    expect(result.output.split('\n').at(-1)).toBe('Imported 2, unchanged 0, refused 6.');
    expect(result.output).toMatch(new RegExp(`${ORG_A} +imported +AC…${accountA.accountSid.slice(-4)}; webhook not carried over`));

    const viewA = (await app.http.get('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).expect(200)).body;
    expect(viewA).toMatchObject({
      configured: true,
      enabled: true,
      validated: true,
      hasAuthToken: true,
      fromNumber: accountA.phoneNumbers[0].phoneNumber,
      messagingServiceSid: accountA.messagingServices[0].sid,
      conversationsServiceSid: accountA.conversationsServices[0].sid,
      updatedBy: 'system:import-legacy',
    });
    const viewB = (await app.http.get('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_B)).expect(200)).body;
    expect(viewB).toMatchObject({ configured: true, enabled: false });
    expect(await auditOf(ORG_A)).toEqual([expect.objectContaining({ actor: 'system:import-legacy', action: 'settings.imported' })]);
    expect((await auditOf(ORG_B)).map((entry: { action: string }) => entry.action)).toEqual(['settings.disabled', 'settings.imported']);

    // Encrypted at rest: no clear token anywhere in the collection; the refused organizations have nothing.
    const stored = await app.connection.collection('twilio_settings').find({}).toArray();
    expect(stored.map((doc) => doc.orgId).sort()).toEqual([ORG_A, ORG_B].sort());
    expectNoSecretIn(JSON.stringify(stored));
    // The imported credentials work: a test SMS goes out through organization A's account.
    await app.http.post('/api/twilio-config/test/sms').set('Authorization', app.bearer(ORG_A)).send({ to: '+61412345678', body: 'imported' }).expect(200);
  });

  it('is idempotent: a second run leaves what it imported unchanged and audits nothing more', async () => {
    const result = await importLegacy();
    expect(result.output.split('\n').at(-1)).toBe('Imported 0, unchanged 2, refused 6.');
    expect(await auditOf(ORG_A)).toHaveLength(2); // settings.imported and the test SMS
  });

  it('never overwrites settings someone changed here since', async () => {
    await app.http.put('/api/twilio-config/settings/toggle').set('Authorization', app.bearer(ORG_B)).send({ enabled: true }).expect(200);
    await legacy().updateOne({ org_id: ORG_B }, { $set: { fromNumber: accountB.phoneNumbers[0].phoneNumber.replace(/\d$/, '9') } });
    const result = await importLegacy();
    expect(result.output).toMatch(new RegExp(`${ORG_B} +refused .*already configured here by auth0\\|support-${ORG_B}`));
    await legacy().updateOne({ org_id: ORG_B }, { $set: { fromNumber: accountB.phoneNumbers[0].phoneNumber } });
  });

  it('--erase-source removes the clear-text tokens of imported documents only, and a later run still knows them', async () => {
    const result = await importLegacy('--erase-source');
    expectNoSecretIn(result.output);
    expect(result.output).toMatch(new RegExp(`${ORG_A} +unchanged .*clear-text token erased in the source`));
    expect(await legacy().findOne({ org_id: ORG_A })).not.toHaveProperty('authToken');
    expect(await legacy().findOne({ org_id: ORG_B })).not.toHaveProperty('authToken');
    expect(await legacy().findOne({ org_id: ORG_A })).toMatchObject({ accountSid: accountA.accountSid, fromNumber: accountA.phoneNumbers[0].phoneNumber });
    // Refused documents keep theirs: nothing was imported for them.
    expect(await legacy().countDocuments({ authToken: { $exists: true } })).toBe(6);

    const again = await importLegacy();
    expect(again.output).toMatch(new RegExp(`${ORG_A} +unchanged .*source token already erased`));
  });

  it('explains a missing or unreachable source', async () => {
    expect(await runCommand(app.app, ['import-legacy'])).toMatchObject({ exitCode: 2, output: expect.stringContaining('--source-uri') });
    const unreachable = await runCommand(app.app, ['import-legacy', '--source-uri', 'mongodb://user:s3cret@127.0.0.1:1/legacy?serverSelectionTimeoutMS=200']);
    expect(unreachable.exitCode).toBe(1);
    expect(unreachable.output).toMatch(/^import-legacy failed: Cannot read the source database 127\.0\.0\.1:1\/legacy/);
    expect(unreachable.output).not.toContain('s3cret');
  });
});
