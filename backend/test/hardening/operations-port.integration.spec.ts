import { SchedulerRegistry } from '@nestjs/schedule';
import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { MESSAGING_WEBHOOK_PATH, STATUS_CALLBACK_PATH } from '@twilio-config/shared';
import request from 'supertest';
import twilio from 'twilio';
import { OperationsServer } from '../../src/operations/operations-server';
import { FLEET_HEALTH_TIMEOUT_NAME, TwilioFleetHealthJob } from '../../src/twilio-config/health/twilio-fleet-health.job';
import { TwilioSettingsRepository } from '../../src/twilio-settings-store';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/**
 * An outsider on the public port tries to list tenants (metrics labels) and to make every tenant's
 * Twilio account work (fleet health); the operations port answers only with METRICS_TOKEN.
 */
describe('the operations listener on METRICS_PORT (integration)', () => {
  let sut: TwilioConfigTestApp;
  let operations: ReturnType<typeof request>;
  let job: TwilioFleetHealthJob;
  let accountA: EmulatorAccountSummary;
  const withToken = (path: string) => operations.get(path).set('Authorization', `Bearer ${METRICS_TOKEN}`);
  const twilioCalls = async () => (await sut.emulator.admin.requests()).length;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('operations-port', { METRICS_TOKEN, RATE_LIMIT_VALIDATE_PER_MIN: '1000' });
    const port = await sut.app.get(OperationsServer).listen();
    expect(port).toBeGreaterThan(0);
    operations = request(`http://127.0.0.1:${port}`);
    job = sut.app.get(TwilioFleetHealthJob);
    accountA = await sut.createTwilioAccount();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
    await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61412345678', body: 'count me' }).expect(200);
  });

  afterAll(() => sut?.close());

  describe('the public port', () => {
    it.each(['/metrics', '/metrics/', '/METRICS', '/health/twilio', '/health/twilio/', '/health/twilio?refresh=1', '/api/../metrics', '/%6detrics'])(
      'answers 404 for %s',
      async (path) => {
        const response = await sut.http.get(path).set('Authorization', `Bearer ${METRICS_TOKEN}`);
        expect(response.status).toBe(404);
        expect(response.text).not.toContain('twilio_sms_sent_total');
        expect(response.text).not.toContain(ORG_A);
      },
    );

    it('does not list them in the OpenAPI document', async () => {
      const { body } = await sut.http.get('/api/docs-json').expect(200);
      expect(Object.keys(body.paths)).not.toEqual(expect.arrayContaining(['/metrics']));
      expect(Object.keys(body.paths)).not.toContain('/health/twilio');
    });
  });

  describe('METRICS_TOKEN', () => {
    it.each<[string, Record<string, string>]>([
      ['no Authorization', {}],
      ['a wrong token of the same length', { Authorization: `Bearer ${'x'.repeat(METRICS_TOKEN.length)}` }],
      ['a prefix of the token', { Authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}` }],
      ['the token with more after it', { Authorization: `Bearer ${METRICS_TOKEN}x` }],
      ['the token as Basic credentials', { Authorization: `Basic ${Buffer.from(`prometheus:${METRICS_TOKEN}`).toString('base64')}` }],
      ['the token in a query string', {}],
      ["a user's access token", { Authorization: 'user' }],
    ])('refuses %s with 401', async (name, headers) => {
      for (const path of ['/metrics', '/health/twilio']) {
        const call = operations.get(name === 'the token in a query string' ? `${path}?token=${METRICS_TOKEN}` : path);
        const authorization = headers.Authorization === 'user' ? sut.bearer(ORG_A) : headers.Authorization;
        if (authorization) call.set('Authorization', authorization);
        const response = await call;
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer');
        expect(response.text).not.toContain(ORG_A);
      }
    });

    it('serves the metrics with the token, org labels included, and nothing else', async () => {
      const response = await withToken('/metrics').expect(200);
      expect(response.headers['content-type']).toContain('text/plain');
      expect(response.headers['x-powered-by']).toBeUndefined();
      for (const metric of [
        'twilio_client_cache_hits_total',
        'twilio_client_cache_misses_total',
        'twilio_credential_validation_duration_seconds',
        'twilio_sms_sent_total',
        'twilio_sms_failed_total',
        'twilio_webhook_configuration_errors_total',
      ]) {
        expect(response.text).toContain(`# TYPE ${metric}`);
      }
      expect(response.text).toMatch(new RegExp(`twilio_sms_sent_total\\{org_id="${ORG_A}"\\} [1-9]`));
      await withToken('/api/twilio-config/settings').expect(404);
      await operations.post('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
    });
  });

  describe('webhook metrics', () => {
    const signedPost = (path: string, params: Record<string, string>, authToken: string) =>
      sut.http
        .post(path)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(authToken, `${sut.config.publicBaseUrl}${path}`, params))
        .send(new URLSearchParams(params).toString());
    const counted = async (metric: string, labels: string) => {
      const line = (await withToken('/metrics').expect(200)).text.split('\n').find((text) => text.startsWith(`${metric}{${labels}} `));
      return line === undefined ? 0 : Number(line.split(' ').at(-1));
    };

    it("counts Programmable Messaging's webhooks by webhook and outcome, a refusal included", async () => {
      const metric = 'twilio_messaging_webhook_requests_total';
      const before = {
        callbacks: await counted(metric, 'webhook="status_callback",outcome="accepted"'),
        forged: await counted(metric, 'webhook="status_callback",outcome="rejected"'),
        incoming: await counted(metric, 'webhook="incoming_message",outcome="accepted"'),
      };
      const ourNumber = accountA.phoneNumbers[0].phoneNumber;
      const callback = { AccountSid: accountA.accountSid, MessageSid: `SM${'0'.repeat(31)}1`, MessageStatus: 'delivered', From: ourNumber, To: '+61412345678' };
      await signedPost(STATUS_CALLBACK_PATH, callback, accountA.authToken).expect(204);
      await signedPost(STATUS_CALLBACK_PATH, callback, 'f'.repeat(32)).expect(403);
      await signedPost(MESSAGING_WEBHOOK_PATH, { AccountSid: accountA.accountSid, From: '+61412345679', To: ourNumber, Body: 'hello' }, accountA.authToken).expect(200);

      expect(await counted(metric, 'webhook="status_callback",outcome="accepted"')).toBe(before.callbacks + 1);
      expect(await counted(metric, 'webhook="status_callback",outcome="rejected"')).toBe(before.forged + 1);
      expect(await counted(metric, 'webhook="incoming_message",outcome="accepted"')).toBe(before.incoming + 1);
    });
  });

  describe('fleet health', () => {
    it('before the first run, says so, and no number of requests makes a Twilio call', async () => {
      const before = await twilioCalls();
      const answers = await Promise.all(Array.from({ length: 10 }, () => withToken('/health/twilio').expect(200)));
      for (const { body } of answers) expect(body).toEqual({ status: 'pending', message: expect.any(String), checkedAt: null });
      expect(await twilioCalls()).toBe(before);
    });

    it('runs one check at a time: a second run asked for meanwhile joins the first', async () => {
      const before = (await sut.emulator.admin.requests()).filter((call) => call.path.endsWith(`/Accounts/${accountA.accountSid}.json`)).length;
      await Promise.all([job.runNow(), job.runNow(), job.runNow()]);
      const accountFetches = (await sut.emulator.admin.requests()).filter((call) => call.path.endsWith(`/Accounts/${accountA.accountSid}.json`)).length;
      expect(accountFetches - before).toBe(1);
      const { body } = await withToken('/health/twilio').expect(200);
      expect(body).toMatchObject({ status: 'ok', organizations: 1, unchecked: 0, checkedAt: expect.any(String) });
      expect(JSON.stringify(body)).not.toContain(ORG_A);
      expect(JSON.stringify(body)).not.toContain(accountA.accountSid);
    });

    it('answers requests from the last result without calling Twilio', async () => {
      const before = await twilioCalls();
      const answers = await Promise.all(Array.from({ length: 10 }, () => withToken('/health/twilio').expect(200)));
      expect(new Set(answers.map(({ body }) => body.checkedAt)).size).toBe(1);
      expect(await twilioCalls()).toBe(before);
    });

    it('isolates an organization whose check fails: the others are still counted', async () => {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).send(settingsFor(await sut.createTwilioAccount())).expect(200);
      // ORG_B's secret no longer opens (tampered ciphertext): its check throws a 500 of ours.
      await sut.connection.collection('twilio_settings').updateOne({ orgId: ORG_B }, { $set: { 'authToken.tag': Buffer.alloc(16).toString('base64') } });
      await sut.app.get(TwilioFleetHealthJob).runNow();
      const { body } = await withToken('/health/twilio').expect(200);
      expect(body).toMatchObject({ status: 'ok', organizations: 2, unchecked: 1 });
      expect(body.healthy + body.unhealthy).toBe(2);
      await sut.connection.collection('twilio_settings').deleteOne({ orgId: ORG_B });
    });

    it('backs off exponentially while runs fail, keeps the last result (marked stale), and recovers', async () => {
      const repository = sut.app.get(TwilioSettingsRepository);
      const listOrgIds = jest.spyOn(repository, 'listOrgIds').mockRejectedValue(new Error('database unreachable'));
      try {
        const last = (await withToken('/health/twilio').expect(200)).body.checkedAt;
        expect(job.nextDelayMs).toBe(60_000);
        await job.runNow();
        expect(job.nextDelayMs).toBe(120_000);
        await job.runNow();
        expect(job.nextDelayMs).toBe(240_000);
        const { body } = await withToken('/health/twilio').expect(200);
        expect(body).toMatchObject({ status: 'stale', checkedAt: last, lastFailureAt: expect.any(String) });
        for (let failures = 0; failures < 10; failures++) await job.runNow();
        expect(job.nextDelayMs).toBe(15 * 60_000);
      } finally {
        listOrgIds.mockRestore();
      }
      await job.runNow();
      expect(job.nextDelayMs).toBe(60_000);
      expect((await withToken('/health/twilio').expect(200)).body.status).toBe('ok');
    });

    it('is scheduled by start() and unscheduled when the application stops', () => {
      const scheduler = sut.app.get(SchedulerRegistry);
      expect(scheduler.doesExist('timeout', FLEET_HEALTH_TIMEOUT_NAME)).toBe(false);
      job.start();
      expect(scheduler.doesExist('timeout', FLEET_HEALTH_TIMEOUT_NAME)).toBe(true);
      job.onApplicationShutdown();
      expect(scheduler.doesExist('timeout', FLEET_HEALTH_TIMEOUT_NAME)).toBe(false);
    });
  });
});

describe('the fleet health runs with FLEET_HEALTH_INTERVAL_SECONDS=0 (integration)', () => {
  let sut: TwilioConfigTestApp;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('fleet-health-off', { FLEET_HEALTH_INTERVAL_SECONDS: '0' });
  });

  afterAll(() => sut?.close());

  it('are never scheduled, and /health/twilio says they are off', async () => {
    const job = sut.app.get(TwilioFleetHealthJob);
    job.start();
    expect(sut.app.get(SchedulerRegistry).doesExist('timeout', FLEET_HEALTH_TIMEOUT_NAME)).toBe(false);
    const operations = request(`http://127.0.0.1:${await sut.app.get(OperationsServer).listen()}`);
    const { body } = await operations.get('/health/twilio').expect(200);
    expect(body).toEqual({ status: 'pending', message: 'Fleet health checks are off (FLEET_HEALTH_INTERVAL_SECONDS=0).', checkedAt: null });
  });
});
