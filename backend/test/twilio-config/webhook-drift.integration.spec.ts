import type { WebhookDriftView } from '@twilio-config/shared';
import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { WebhookDriftService } from '../../src/twilio-config/webhook-drift/webhook-drift.service';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** Short, so an edit in the Twilio Console is seen within a test (the default is 300 s). */
const RECONCILE_INTERVAL_SECONDS = 0.2;

describe('Conversations webhook drift (integration: scheduled reconciliation, FerretDB, Twilio emulator)', () => {
  let sut: TwilioConfigTestApp;
  let account: EmulatorAccountSummary;

  const serviceSid = () => account.conversationsServices[0].sid;
  const drift = async (orgId = ORG_A) =>
    (await sut.http.get('/api/twilio-config/webhook/drift').set('Authorization', sut.bearer(orgId)).expect(200)).body as WebhookDriftView;
  /** Polls the drift the scheduled reconciliation records until `done` holds (it runs every RECONCILE_INTERVAL_SECONDS). */
  const driftWhen = async (done: (view: WebhookDriftView) => boolean): Promise<WebhookDriftView> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const view = await drift();
      if (done(view)) return view;
      if (Date.now() > deadline) throw new Error(`the reconciliation never recorded the expected drift; last: ${JSON.stringify(view)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const repair = (orgId = ORG_A) => sut.http.post('/api/twilio-config/webhook/repair').set('Authorization', sut.bearer(orgId));

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('webhook-drift', {
      WEBHOOK_RECONCILE_INTERVAL_SECONDS: String(RECONCILE_INTERVAL_SECONDS),
      RATE_LIMIT_VALIDATE_PER_MIN: '1000',
      LOG_LEVEL: 'error',
    });
    // The API's process starts it (startOperations); the test app starts only this job.
    sut.app.get(WebhookDriftService).start();
  });

  afterAll(() => sut?.close());

  beforeEach(async () => {
    await sut.clearAllSettings();
    account = await sut.createTwilioAccount();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account)).expect(200);
    await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(200);
  });

  it('sees an edit made in the Twilio Console within the interval: what drifted, since when; the time it began is kept', async () => {
    expect(await driftWhen((view) => view.checkedAt !== null)).toMatchObject({ monitored: true, drifted: false, since: null, reasons: [] });

    await sut.emulator.admin.editConversationsWebhookInConsole(serviceSid(), { method: 'GET', filters: ['onMessageAdded', 'onMessageUpdated'] });

    const seen = await driftWhen((view) => view.drifted);
    expect(seen.reasons).toEqual(['method_mismatch', 'filters_mismatch']);
    expect(seen.twilio).toEqual({ url: seen.stored?.url, method: 'GET', filters: ['onMessageAdded', 'onMessageUpdated'] });
    expect(seen.since).not.toBeNull();
    const later = await driftWhen((view) => Date.parse(view.checkedAt as string) > Date.parse(seen.checkedAt as string));
    expect(later.since).toBe(seen.since);
  });

  it('names a changed URL and a cleared one', async () => {
    await sut.emulator.admin.editConversationsWebhookInConsole(serviceSid(), { postWebhookUrl: 'https://elsewhere.example.com/hook' });
    expect((await driftWhen((view) => view.drifted)).reasons).toEqual(['url_mismatch']);

    await sut.emulator.admin.editConversationsWebhookInConsole(serviceSid(), { postWebhookUrl: null });
    expect((await driftWhen((view) => view.reasons.includes('not_set'))).reasons).toEqual(['not_set']);
  });

  it('repairs: reapplies the stored URL, method and filters in Twilio, audited as webhook.configured, and the drift clears', async () => {
    await sut.emulator.admin.editConversationsWebhookInConsole(serviceSid(), { postWebhookUrl: 'https://elsewhere.example.com/hook', method: 'GET', filters: [] });
    const drifted = await driftWhen((view) => view.drifted);

    const repaired = (await repair().expect(200)).body as WebhookDriftView;

    expect(repaired).toMatchObject({ drifted: false, since: null, reasons: [] });
    const inTwilio = await sut.emulator.admin.conversationsWebhook(serviceSid());
    expect(inTwilio).toMatchObject({ postWebhookUrl: drifted.stored?.url, method: 'POST' });
    expect([...inTwilio.filters].sort()).toEqual([...(drifted.stored?.filters ?? [])].sort());
    const audit = (await sut.http.get('/api/twilio-config/audit').set('Authorization', sut.bearer(ORG_A)).expect(200)).body.items;
    expect(audit[0]).toMatchObject({ action: 'webhook.configured', actor: `auth0|support-${ORG_A}` });
    const health = (await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200)).body;
    expect(health.checks.find((check: { name: string }) => check.name === 'webhook')).toMatchObject({ ok: true });
  });

  it('monitors only a webhook this product configured: repair answers 409 NOT_CONFIGURED otherwise, and each organization sees its own', async () => {
    const other = await sut.createTwilioAccount();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).send(settingsFor(other)).expect(200);
    await sut.emulator.admin.editConversationsWebhookInConsole(serviceSid(), { method: 'GET' });
    await driftWhen((view) => view.drifted);

    expect(await drift(ORG_B)).toMatchObject({ monitored: false, drifted: false, reasons: [], stored: null, twilio: null });
    expect((await repair(ORG_B).expect(409)).body.code).toBe('NOT_CONFIGURED');
  });
});
