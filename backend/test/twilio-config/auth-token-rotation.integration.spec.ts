import { CONVERSATIONS_WEBHOOK_PATH, type AuthTokenRotationView } from '@twilio-config/shared';
import { twilioSignature, type EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import { builtApiMain, startBuiltApi } from '@twilio-config/dev-stack';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Clock } from '../../src/common/clock';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { TwilioCredentialsValidator } from '../../src/twilio/twilio-credentials.validator';
import { TwilioSecrets } from '../../src/twilio-settings-store';
import { messageAddedEvent } from '../conversations/support/signed-webhooks';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** The API's clock, moved by the test instead of waiting for the grace period to pass. */
class ManualClock extends Clock {
  private offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

const ROTATION = '/api/twilio-config/auth-token/rotation';
const GRACE_MINUTES = 15;

describe('Auth Token rotation (integration: FerretDB, Twilio emulator, RS256 tokens)', () => {
  const clock = new ManualClock();
  let sut: TwilioConfigTestApp;

  const as = (orgId: string) => ({
    get: () => sut.http.get(ROTATION).set('Authorization', sut.bearer(orgId)),
    start: () => sut.http.post(ROTATION).set('Authorization', sut.bearer(orgId)),
    promote: () => sut.http.post(`${ROTATION}/promote`).set('Authorization', sut.bearer(orgId)),
    cancel: () => sut.http.delete(ROTATION).set('Authorization', sut.bearer(orgId)),
  });
  /** The account as Twilio (the emulator) holds it now: its primary token is the one Twilio signs with. */
  const inTwilio = async (accountSid: string) =>
    (await sut.emulator.admin.accounts()).find((account) => account.accountSid === accountSid) as EmulatorAccountSummary;
  const auditActions = async (orgId: string) =>
    ((await sut.http.get('/api/twilio-config/audit').set('Authorization', sut.bearer(orgId)).expect(200)).body.items as { action: string; fields: string[] }[]);
  const rotationDocument = (orgId: string) => sut.connection.collection('twilio_settings').findOne({ orgId });
  const promotions = async () => (await sut.emulator.admin.requests()).filter((exchange) => exchange.operation === 'accounts:UpdateAuthTokenPromotion').length;

  /** A Conversations event as Twilio posts it, signed (with the emulator's own signature function) with `authToken`, to `api` (the test's by default). */
  const postSignedEvent = (account: EmulatorAccountSummary, authToken: string, api: TwilioConfigTestApp['http'] = sut.http) => {
    const params = messageAddedEvent(account.accountSid, account.conversationsServices[0].sid);
    const signature = twilioSignature(authToken, `${sut.config.publicBaseUrl}${CONVERSATIONS_WEBHOOK_PATH}`, params);
    return api
      .post(CONVERSATIONS_WEBHOOK_PATH)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', signature)
      .set('I-Twilio-Idempotency-Token', randomUUID())
      .send(new URLSearchParams(params).toString())
      .then((response) => response.status);
  };
  /** Posts `count` events, ten at a time, each signed with the token `tokenNow()` answers when it is sent. */
  const postMany = async (account: EmulatorAccountSummary, count: number, tokenNow: () => Promise<string> | string): Promise<number[]> => {
    const statuses: number[] = [];
    for (let sent = 0; sent < count; sent += 10) {
      const batch = Array.from({ length: Math.min(10, count - sent) }, async () => postSignedEvent(account, await tokenNow()));
      statuses.push(...(await Promise.all(batch)));
    }
    return statuses;
  };
  const accepted = (statuses: number[]) => statuses.filter((status) => status >= 200 && status < 300).length;

  const configuredAccount = async (orgId: string) => {
    const account = await sut.createTwilioAccount();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(orgId)).send(settingsFor(account)).expect(200);
    return account;
  };

  const environment = { TOKEN_ROTATION_GRACE_MINUTES: String(GRACE_MINUTES), RATE_LIMIT_VALIDATE_PER_MIN: '1000', WEBHOOK_RECONCILE_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' };

  beforeAll(async () => {
    builtApiMain(); // the other instance of the first test runs the production build: built when older than its sources
    sut = await startTwilioConfigTestApp('auth-token-rotation', environment, { clock });
  }, 240_000);

  afterAll(() => sut?.close());

  beforeEach(() => sut.clearAllSettings());

  it('accepts a webhook signed with the promoted token on another instance that still caches the replaced one (the settings-change message not heard there)', async () => {
    const account = await configuredAccount(ORG_A);
    // A second instance (the production build, a process of its own) on the same database and key, with
    // no Redis between the two: the message that drops cached copies reaches only the instance that
    // wrote the change (with Redis, it arrives milliseconds late: the same window, held open).
    const other = await startBuiltApi({
      ...environment,
      NODE_ENV: 'production',
      MONGODB_URI: sut.config.mongodbUri,
      CREDENTIALS_ENCRYPTION_KEY: sut.config.credentialsEncryption.currentKey.toString('base64'),
      AUTH0_ISSUER_URL: sut.config.auth0.issuerUrl,
      AUTH0_AUDIENCE: sut.config.auth0.audience,
      PUBLIC_BASE_URL: sut.config.publicBaseUrl,
      TWILIO_API_BASE_URL: sut.emulator.url,
      TWILIO_ENV_FALLBACK: 'false',
    });
    const otherHttp = request(other.url);
    try {
      // Its verifier caches the organization with its Auth Token.
      expect(await postSignedEvent(account, account.authToken, otherHttp)).toBe(200);
      await as(ORG_A).start().expect(200);
      const { secondaryAuthToken } = await inTwilio(account.accountSid);
      await as(ORG_A).promote().expect(200);
      expect(await postSignedEvent(account, secondaryAuthToken as string, otherHttp)).toBe(200);
      expect(await postSignedEvent(account, account.authToken, otherHttp)).toBe(200); // the replaced token, within its grace period
      expect(await postSignedEvent(account, 'f'.repeat(32), otherHttp)).toBe(403);
    } finally {
      await other.stop();
    }
  }, 120_000);

  it('accepts every one of 1,000 webhooks Twilio signs across a whole rotation, and none signed with the old token after the grace period', async () => {
    const account = await configuredAccount(ORG_A);
    const oldToken = account.authToken;
    const twilioSigningToken = async () => (await inTwilio(account.accountSid)).authToken;

    const beforeStart = await postMany(account, 150, twilioSigningToken);

    const started = await as(ORG_A).start().expect(200);
    expect(started.body).toMatchObject({ state: 'started', promotedAt: null, graceEndsAt: null, previousTokenAccepted: false });
    const { secondaryAuthToken } = await inTwilio(account.accountSid);
    expect(secondaryAuthToken).toMatch(/^[0-9a-f]{32}$/);
    // Twilio keeps signing with the primary while a secondary exists.
    const whileStarted = await postMany(account, 150, twilioSigningToken);

    // Webhooks keep arriving while the promotion is under way, each signed with the token Twilio signs with at that moment.
    const promoting = as(ORG_A).promote();
    const [promoted, duringPromotion] = await Promise.all([promoting.then((response) => response), postMany(account, 100, twilioSigningToken)]);
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ state: 'promoted', previousTokenAccepted: true });
    expect(Date.parse(promoted.body.graceEndsAt) - Date.parse(promoted.body.promotedAt)).toBe(GRACE_MINUTES * 60_000);
    expect(await twilioSigningToken()).toBe(secondaryAuthToken);

    const afterPromotion = await postMany(account, 150, twilioSigningToken);
    // Requests Twilio signed just before the promotion and delivers late (its retries) carry the old token.
    const lateWithOldToken = await postMany(account, 100, () => oldToken);

    const graceEndsAt = Date.parse(promoted.body.graceEndsAt);
    clock.advance(graceEndsAt - clock.now().getTime() - 5_000);
    const lateJustBeforeGraceEnds = await postMany(account, 50, () => oldToken);

    clock.advance(graceEndsAt - clock.now().getTime() + 1);
    const afterGrace = await postMany(account, 150, twilioSigningToken);
    const oldTokenAfterGrace = await postMany(account, 150, () => oldToken);

    const signedByTwilio = [...beforeStart, ...whileStarted, ...duringPromotion, ...afterPromotion, ...lateWithOldToken, ...lateJustBeforeGraceEnds, ...afterGrace];
    expect(signedByTwilio.length + oldTokenAfterGrace.length).toBe(1_000);
    expect(accepted(signedByTwilio)).toBe(signedByTwilio.length);
    expect(oldTokenAfterGrace.every((status) => status === 403)).toBe(true);
    expect((await as(ORG_A).get().expect(200)).body).toMatchObject({ state: 'promoted', previousTokenAccepted: false });
  });

  it('audits each step, never answers or stores a token in clear, and rebuilds the cached client with the new token', async () => {
    const account = await configuredAccount(ORG_A);
    await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200); // caches the client

    const started = await as(ORG_A).start().expect(200);
    const { secondaryAuthToken } = await inTwilio(account.accountSid);
    const promoted = await as(ORG_A).promote().expect(200);
    const viewed = await as(ORG_A).get().expect(200);

    for (const body of [started.text, promoted.text, viewed.text]) {
      expect(body).not.toContain(account.authToken);
      expect(body).not.toContain(secondaryAuthToken as string);
    }
    const raw = JSON.stringify(await rotationDocument(ORG_A));
    expect(raw).not.toContain(account.authToken);
    expect(raw).not.toContain(secondaryAuthToken as string);
    expect((await auditActions(ORG_A)).slice(0, 2)).toEqual([
      expect.objectContaining({ action: 'auth_token.promoted', fields: ['authToken'] }),
      expect.objectContaining({ action: 'auth_token.rotation_started', fields: ['secondaryAuthToken'] }),
    ]);
    // The old token no longer authenticates in Twilio: the checks pass only with a client built with the new one.
    const health = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200);
    expect(health.body.checks.find((check: { name: string }) => check.name === 'credentials')).toMatchObject({ ok: true });
    await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(ORG_A)).send({}).expect(200);
  });

  it('rotates with the Auth Token even when REST calls use a Standard API key, which Twilio refuses for rotation', async () => {
    const account = await sut.createTwilioAccount();
    const key = await sut.emulator.admin.createApiKey(account.accountSid, { type: 'standard' });
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account)).expect(200);
    // Stored as a save would store it (this branch's save still validates a key by the account fetch, which a Standard key cannot make).
    const secrets = sut.app.get(TwilioSecrets).seal(ORG_A, { authToken: account.authToken, apiKeySecret: key.secret });
    await sut.connection.collection('twilio_settings').updateOne({ orgId: ORG_A }, { $set: { apiKeySid: key.sid, apiKeySecret: secrets.apiKeySecret } });
    await sut.app.get(TwilioClientFactory).invalidateCache(ORG_A);
    await sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(ORG_A)).send({ to: '+61400111222', body: 'key' }).expect(200);

    await as(ORG_A).start().expect(200);
    await as(ORG_A).promote().expect(200);

    expect((await inTwilio(account.accountSid)).authToken).not.toBe(account.authToken);
  });

  it('cancels a started rotation: the secondary token is deleted in Twilio and here, and audited', async () => {
    const account = await configuredAccount(ORG_A);
    await as(ORG_A).start().expect(200);

    await as(ORG_A).cancel().expect(204);

    expect((await inTwilio(account.accountSid)).secondaryAuthToken).toBeNull();
    expect((await as(ORG_A).get().expect(200)).body).toMatchObject({ state: 'none', startedAt: null });
    expect((await rotationDocument(ORG_A))?.secondaryAuthToken).toBeNull();
    expect((await auditActions(ORG_A))[0]).toMatchObject({ action: 'auth_token.rotation_cancelled', fields: ['secondaryAuthToken'] });
    expect((await inTwilio(account.accountSid)).authToken).toBe(account.authToken);
  });

  it('refuses steps the state does not allow with 409 ROTATION_STATE_CONFLICT, and answers 409 NOT_CONFIGURED without settings', async () => {
    await configuredAccount(ORG_A);
    expect((await as(ORG_A).promote().expect(409)).body.code).toBe('ROTATION_STATE_CONFLICT');
    expect((await as(ORG_A).cancel().expect(409)).body.code).toBe('ROTATION_STATE_CONFLICT');
    await as(ORG_A).start().expect(200);
    expect((await as(ORG_A).start().expect(409)).body.code).toBe('ROTATION_STATE_CONFLICT');
    await as(ORG_A).promote().expect(200);
    expect((await as(ORG_A).cancel().expect(409)).body.code).toBe('ROTATION_STATE_CONFLICT');
    expect((await as(ORG_B).get().expect(409)).body.code).toBe('NOT_CONFIGURED');
    expect((await as(ORG_B).start().expect(409)).body.code).toBe('NOT_CONFIGURED');
  });

  it('a save validated with Twilio while the token is promoted answers 409 SETTINGS_CHANGED and never puts the replaced token back', async () => {
    const account = await configuredAccount(ORG_A);
    const revision = async () => (await rotationDocument(ORG_A))?.revision as number;
    const saved = await revision();
    await as(ORG_A).start().expect(200);
    // Every write of a token bumps the revision, as a save does.
    expect(await revision()).toBe(saved + 1);
    // Holds the save's validation (with the stored, soon replaced token) until the promotion is written.
    const validator = sut.app.get(TwilioCredentialsValidator);
    const validate = validator.validate.bind(validator);
    let reached!: () => void;
    const validated = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const spy = jest.spyOn(validator, 'validate').mockImplementationOnce(async (...args) => {
      const result = await validate(...args);
      reached();
      await released;
      return result;
    });
    try {
      const save = sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(ORG_A))
        .send(settingsFor(account, { authToken: undefined }))
        .then((response) => response);
      await validated;
      await as(ORG_A).promote().expect(200);
      release();
      const response = await save;
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('SETTINGS_CHANGED');
    } finally {
      spy.mockRestore();
    }
    expect(await revision()).toBe(saved + 2);
    // The promoted token stayed stored: the API's calls still authenticate.
    const health = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200);
    expect(health.body.checks[0]).toMatchObject({ name: 'credentials', ok: true });
  });

  describe('after a crash between Twilio’s answer and the write here', () => {
    const crashIn = (orgId: string, state: string) =>
      sut.connection.collection('twilio_settings').updateOne({ orgId }, { $set: { 'authTokenRotation.state': state } });
    const sdkFor = (account: EmulatorAccountSummary) =>
      createTwilioRestClient({ username: account.accountSid, password: account.authToken, accountSid: account.accountSid, apiBaseUrl: sut.emulator.url });

    it('resumes a start: the secondary Twilio made (and nobody stored) is replaced by one that is stored', async () => {
      const account = await configuredAccount(ORG_A);
      await crashIn(ORG_A, 'starting');
      await sdkFor(account).accounts.v1.secondaryAuthToken().create();
      expect((await as(ORG_A).get().expect(200)).body.state).toBe('starting');

      await as(ORG_A).start().expect(200);
      await as(ORG_A).promote().expect(200);

      // The token promoted in Twilio is the one stored here: the API's calls authenticate with it.
      const health = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(health.body.checks[0]).toMatchObject({ name: 'credentials', ok: true });
    });

    it('can cancel an interrupted start', async () => {
      const account = await configuredAccount(ORG_A);
      await crashIn(ORG_A, 'starting');
      await sdkFor(account).accounts.v1.secondaryAuthToken().create();

      await as(ORG_A).cancel().expect(204);

      expect((await inTwilio(account.accountSid)).secondaryAuthToken).toBeNull();
    });

    it('resumes a promotion Twilio already made without promoting again, and accepts webhooks signed with the new token meanwhile', async () => {
      const account = await configuredAccount(ORG_A);
      await as(ORG_A).start().expect(200);
      await crashIn(ORG_A, 'promoting');
      await sdkFor(account).accounts.v1.authTokenPromotion().update();
      const newToken = (await inTwilio(account.accountSid)).authToken;
      expect(await postSignedEvent(account, newToken)).toBe(200);
      const promotionsBefore = await promotions();

      const resumed = (await as(ORG_A).get().expect(200)).body as AuthTokenRotationView;
      expect(resumed.state).toBe('promoting');
      expect((await as(ORG_A).cancel().expect(409)).body.code).toBe('ROTATION_STATE_CONFLICT');
      await as(ORG_A).promote().expect(200);

      expect(await promotions()).toBe(promotionsBefore);
      expect((await as(ORG_A).get().expect(200)).body).toMatchObject({ state: 'promoted', previousTokenAccepted: true });
      expect(await postSignedEvent(account, newToken)).toBe(200);
      expect(await postSignedEvent(account, account.authToken)).toBe(200);
      const health = await sut.http.get('/api/twilio-config/health').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect(health.body.checks[0]).toMatchObject({ name: 'credentials', ok: true });
    });

    it('resumes a promotion that never reached Twilio by promoting', async () => {
      const account = await configuredAccount(ORG_A);
      await as(ORG_A).start().expect(200);
      const { secondaryAuthToken } = await inTwilio(account.accountSid);
      await crashIn(ORG_A, 'promoting');
      const promotionsBefore = await promotions();

      await as(ORG_A).promote().expect(200);

      expect(await promotions()).toBe(promotionsBefore + 1);
      expect((await inTwilio(account.accountSid)).authToken).toBe(secondaryAuthToken);
    });
  });
});
