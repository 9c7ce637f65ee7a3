import { randomBytes } from 'node:crypto';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { TwilioFleetHealthJob } from '../../src/twilio-config/health/twilio-fleet-health.job';
import { WebhookDriftService } from '../../src/twilio-config/webhook-drift/webhook-drift.service';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { testDatabaseUri } from '../test-environment';

/**
 * Two API instances on one database run the scheduled Twilio checks (webhook drift, fleet health):
 * each organization is claimed in the store first, so together they make one instance's calls.
 */
describe('scheduled checks across instances (integration: two apps, one FerretDB database, the Twilio emulator)', () => {
  let emulator: RunningTwilioEmulator;
  let first: TwilioConfigTestApp;
  let second: TwilioConfigTestApp;
  const accounts: EmulatorAccountSummary[] = [];
  const ORGS = [ORG_A, ORG_B, 'org_C3d4E5f6G7h8I9j0'];

  /** GETs of each account's Conversations webhook (one per reconciled organization) and of its Account (one per health check). */
  const twilioReads = async () => {
    const requests = await emulator.admin.requests();
    const count = (matches: (path: string) => boolean) => requests.filter((call) => call.method === 'GET' && matches(call.path)).length;
    return {
      webhook: count((path) => path.includes('/Configuration/Webhooks')),
      account: count((path) => accounts.some((account) => path.endsWith(`/Accounts/${account.accountSid}.json`))),
    };
  };

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
    // Both jobs are run by hand below; the interval (an hour) is the claim window, not a timer here.
    const environment = { MONGODB_URI: testDatabaseUri('scheduled-checks-coordination'), CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'), WEBHOOK_RECONCILE_INTERVAL_SECONDS: '3600', RATE_LIMIT_VALIDATE_PER_MIN: '1000', LOG_LEVEL: 'error' };
    first = await startTwilioConfigTestApp('scheduled-checks-coordination', environment, { emulator });
    for (const orgId of ORGS) {
      const account = await first.createTwilioAccount();
      accounts.push(account);
      await first.http.post('/api/twilio-config/settings').set('Authorization', first.bearer(orgId)).send(settingsFor(account)).expect(200);
      await first.http.post('/api/twilio-config/webhook/configure').set('Authorization', first.bearer(orgId)).send({}).expect(200);
    }
    second = await startTwilioConfigTestApp('scheduled-checks-coordination', environment, { emulator });
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await emulator?.stop();
  });

  it('webhook drift: both instances run at once, each organization is read from Twilio once, and not again within the interval', async () => {
    const before = await twilioReads();
    const [one, two] = await Promise.all([first.app.get(WebhookDriftService).reconcileAll(), second.app.get(WebhookDriftService).reconcileAll()]);
    expect(one.checked + two.checked).toBe(ORGS.length);
    expect(one.skipped + two.skipped).toBe(ORGS.length);
    expect((await twilioReads()).webhook - before.webhook).toBe(ORGS.length);
    // Both instances answer the drift the other recorded.
    for (const app of [first, second]) {
      for (const orgId of ORGS) {
        expect(await app.app.get(WebhookDriftService).view(orgId)).toMatchObject({ monitored: true, drifted: false, checkedAt: expect.any(String) });
      }
    }

    const again = await Promise.all([first.app.get(WebhookDriftService).reconcileAll(), second.app.get(WebhookDriftService).reconcileAll()]);
    expect(again).toEqual([{ checked: 0, drifted: 0, skipped: ORGS.length }, { checked: 0, drifted: 0, skipped: ORGS.length }]);
    expect((await twilioReads()).webhook - before.webhook).toBe(ORGS.length);
  });

  it('a claim older than the interval lets the next run check again', async () => {
    await first.connection.collection('twilio_settings').updateMany({}, { $set: { 'scheduledChecks.webhookDrift.claimedAt': new Date(Date.now() - 3_600_000) } });
    const before = await twilioReads();
    const [one, two] = await Promise.all([first.app.get(WebhookDriftService).reconcileAll(), second.app.get(WebhookDriftService).reconcileAll()]);
    expect(one.checked + two.checked).toBe(ORGS.length);
    expect((await twilioReads()).webhook - before.webhook).toBe(ORGS.length);
  });

  it('fleet health: both instances check each organization once between them, and each reports the whole fleet', async () => {
    const before = await twilioReads();
    await Promise.all([first.app.get(TwilioFleetHealthJob).runNow(), second.app.get(TwilioFleetHealthJob).runNow()]);
    expect((await twilioReads()).account - before.account).toBe(ORGS.length);
    // The instance that finished first may not have seen the other's outcomes yet: a later run (all claimed, no Twilio call) counts them.
    await Promise.all([first.app.get(TwilioFleetHealthJob).runNow(), second.app.get(TwilioFleetHealthJob).runNow()]);
    expect((await twilioReads()).account - before.account).toBe(ORGS.length);
    for (const app of [first, second]) {
      expect(app.app.get(TwilioFleetHealthJob).state()).toMatchObject({ status: 'ok', organizations: ORGS.length, healthy: ORGS.length, unhealthy: 0, unchecked: 0 });
    }
  });
});
