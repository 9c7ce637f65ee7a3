import { SUPPORT_ROLE } from '@twilio-config/shared';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import mongoose, { type Connection } from 'mongoose';
import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { JwksTestServer } from '../auth/support/jwks-test-server';
import { ORG_CLAIM, ROLES_CLAIM, TEST_AUDIENCE, TestTokens } from '../auth/support/test-tokens';
import { messageAddedEvent, postFormWebhook } from '../conversations/support/signed-webhooks';
import { TEST_REDIS_URL, testDatabaseUri } from '../test-environment';
import { builtApiMain, startBuiltApi, type RunningApi } from '@twilio-config/dev-stack';

const PUBLIC_BASE_URL = 'https://api.example.test';
/** Redis database 5, so these counters never mix with other suites' (organization ids are per run too). */
const REDIS_URL = Object.assign(new URL(TEST_REDIS_URL), { pathname: '/5' }).toString();
/** How often instance 2 is asked before it must have followed a change made through instance 1. */
const FOLLOW_ATTEMPTS = 3;

/**
 * Two API processes (the production build) on one MongoDB and one Redis, sharing the encryption
 * key and the issuer, as behind a load balancer: what one saves, the other uses at once.
 */
describe('two API instances on one MongoDB and one Redis', () => {
  let first: RunningApi;
  let second: RunningApi;
  let emulator: RunningTwilioEmulator;
  let jwks: JwksTestServer;
  let tokens: TestTokens;
  let database: Connection;
  const runId = randomBytes(4).toString('hex');
  let orgSequence = 0;
  /** A new organization id for each test: limits and caches start empty, whatever else uses this Redis. */
  const newOrgId = () => `org_mi${runId}${String(++orgSequence).padStart(6, '0')}`;

  beforeAll(async () => {
    builtApiMain(); // builds dist/backend when it is missing or older than its sources
    const key = new TestTokens('pending').key;
    jwks = await JwksTestServer.start(key);
    tokens = new TestTokens(jwks.issuer, key);
    emulator = await startTwilioEmulator({ port: 0 });
    const databaseUri = testDatabaseUri('multi-instance');
    const environment = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MONGODB_URI: databaseUri,
      REDIS_URL,
      AUTH0_ISSUER_URL: jwks.issuer,
      AUTH0_AUDIENCE: TEST_AUDIENCE,
      AUTH0_ROLES_CLAIM: ROLES_CLAIM,
      AUTH0_ORG_CLAIM: ORG_CLAIM,
      CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL,
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_TIMEOUT_MS: '3000',
      TWILIO_ENV_FALLBACK: 'false',
    };
    [first, second] = await Promise.all([startBuiltApi(environment), startBuiltApi(environment)]);
    database = await mongoose.createConnection(databaseUri).asPromise();
  }, 240_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await database?.close();
    await emulator?.stop();
    await jwks?.close();
  });

  const bearer = (orgId: string) => `Bearer ${tokens.sign({ [ORG_CLAIM]: orgId, sub: `auth0|support-${orgId}`, [ROLES_CLAIM]: [SUPPORT_ROLE] })}`;
  const http = (instance: RunningApi) => request(instance.url);
  let phoneSequence = 0;
  const createAccount = () => {
    const phoneNumber = `+6129${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSequence).padStart(4, '0')}`;
    return emulator.admin.createAccount({ phoneNumbers: [phoneNumber], conversationsServices: [{ friendlyName: 'Support chat' }] });
  };
  const save = (instance: RunningApi, orgId: string, account: EmulatorAccountSummary) =>
    http(instance)
      .post('/api/twilio-config/settings')
      .set('Authorization', bearer(orgId))
      .send({
        accountSid: account.accountSid,
        authToken: account.authToken,
        fromNumber: account.phoneNumbers[0].phoneNumber,
        conversationsServiceSid: account.conversationsServices[0].sid,
      })
      .expect(200);
  const sendTestSms = (instance: RunningApi, orgId: string) =>
    http(instance).post('/api/twilio-config/test/sms').set('Authorization', bearer(orgId)).send({ to: '+61412345678', body: 'Which account sends me?' });
  const sentFrom = async (account: EmulatorAccountSummary) => (await emulator.admin.messages(account.accountSid)).map((message) => message.sid);

  /** Asks instance 2 until its answer passes `check` (at most FOLLOW_ATTEMPTS times, 100 ms apart); returns the last answer. */
  async function secondFollows(orgId: string, check: (response: request.Response) => Promise<boolean> | boolean): Promise<request.Response> {
    let response = await sendTestSms(second, orgId);
    for (let attempt = 1; attempt < FOLLOW_ATTEMPTS && !(await check(response)); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await sendTestSms(second, orgId);
    }
    return response;
  }

  describe("instance 2's client cache", () => {
    it('sends through the new account once instance 1 saved other credentials', async () => {
      const orgId = newOrgId();
      const [before, after] = [await createAccount(), await createAccount()];
      await save(first, orgId, before);
      const cached = await sendTestSms(second, orgId).expect(200);
      expect(await sentFrom(before)).toContain(cached.body.sid);

      await save(first, orgId, after);

      const response = await secondFollows(orgId, async (answer) => answer.status === 200 && (await sentFrom(after)).includes(answer.body.sid));
      expect(response.status).toBe(200);
      expect(await sentFrom(after)).toContain(response.body.sid);
      expect(await sentFrom(before)).toEqual([cached.body.sid]);
    });

    it('refuses once instance 1 disabled the settings, and sends again once it enabled them', async () => {
      const orgId = newOrgId();
      const account = await createAccount();
      await save(first, orgId, account);
      await sendTestSms(second, orgId).expect(200);

      await http(first).put('/api/twilio-config/settings/toggle').set('Authorization', bearer(orgId)).send({ enabled: false }).expect(200);
      const refused = await secondFollows(orgId, (answer) => answer.status === 409);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'DISABLED' });

      await http(first).put('/api/twilio-config/settings/toggle').set('Authorization', bearer(orgId)).send({ enabled: true }).expect(200);
      await sendTestSms(second, orgId).expect(200);
    });

    it('refuses once instance 1 deleted the settings', async () => {
      const orgId = newOrgId();
      const account = await createAccount();
      await save(first, orgId, account);
      await sendTestSms(second, orgId).expect(200);

      await http(first).delete('/api/twilio-config/settings').set('Authorization', bearer(orgId)).expect(204);

      const refused = await secondFollows(orgId, (answer) => answer.status === 409);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ statusCode: 409, code: 'NOT_CONFIGURED' });
      expect((await http(second).get('/api/twilio-config/settings').set('Authorization', bearer(orgId)).expect(200)).body).toMatchObject({
        configured: false,
      });
    });
  });

  describe('rate limits', () => {
    it('counts test SMS of both instances together: the 6th answers 429 with Retry-After on either', async () => {
      const orgId = newOrgId();
      await save(first, orgId, await createAccount());
      const statuses: number[] = [];
      for (const instance of [first, second, first, second, first]) statuses.push((await sendTestSms(instance, orgId)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);

      // Instance 2 has itself seen only two: it answers 429 only because the counter is shared.
      for (const instance of [second, first]) {
        const limited = await sendTestSms(instance, orgId).expect(429);
        expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      }
    });

    it("never limits one organization for another's use, on either instance", async () => {
      const busy = newOrgId();
      const other = newOrgId();
      await save(first, busy, await createAccount());
      await save(second, other, await createAccount());
      for (let sent = 0; sent < 5; sent++) await sendTestSms(sent % 2 ? first : second, busy).expect(200);
      await sendTestSms(first, busy).expect(429);

      await sendTestSms(first, other).expect(200);
      await sendTestSms(second, other).expect(200);
    });
  });

  describe('conversations webhook idempotency', () => {
    let orgId: string;
    let account: EmulatorAccountSummary;
    const storedWithToken = (token: string) => database.collection('conversation_events').countDocuments({ orgId, idempotencyToken: token });

    beforeAll(async () => {
      orgId = newOrgId();
      account = await createAccount();
      await save(first, orgId, account);
      await waitForUniqueEventIndex();
    });

    /** Both instances create the collection's indexes at start-up (Mongoose autoIndex); the test needs them built. */
    async function waitForUniqueEventIndex(): Promise<void> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const indexes = await database.collection('conversation_events').indexes().catch(() => []);
        if (indexes.some((index) => index.unique && index.key.orgId === 1 && index.key.idempotencyToken === 1)) return;
        if (Date.now() > deadline) throw new Error('conversation_events has no unique (orgId, idempotencyToken) index');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    const deliver = (instance: RunningApi, params: Record<string, string>, idempotencyToken: string) =>
      postFormWebhook(http(instance), PUBLIC_BASE_URL, params, { authToken: account.authToken, idempotencyToken });

    it('stores a delivery once when Twilio retries it through the other instance', async () => {
      const event = messageAddedEvent(account.accountSid, account.conversationsServices[0].sid);
      const token = randomUUID();

      await deliver(first, event, token).expect(200);
      await deliver(second, { ...event, RetryCount: '1' }, token).expect(200);

      expect(await storedWithToken(token)).toBe(1);
    });

    it('stores a delivery once when both instances receive it at the same moment', async () => {
      const event = messageAddedEvent(account.accountSid, account.conversationsServices[0].sid);
      const token = randomUUID();

      const answers = await Promise.all([first, second, first, second].map((instance) => deliver(instance, event, token)));

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
      expect(await storedWithToken(token)).toBe(1);
    });

    // The token is not signed: the same signed event under a new token is a replay (issue 14), stored once.
    it('stores the same signed event once under two tokens at both instances at the same moment, and distinct events separately', async () => {
      const event = messageAddedEvent(account.accountSid, account.conversationsServices[0].sid);
      const [one, two] = [randomUUID(), randomUUID()];

      await Promise.all([deliver(first, event, one).expect(200), deliver(second, event, two).expect(200)]);
      expect((await storedWithToken(one)) + (await storedWithToken(two))).toBe(1);

      const other = messageAddedEvent(account.accountSid, account.conversationsServices[0].sid);
      const three = randomUUID();
      await deliver(second, other, three).expect(200);
      expect(await storedWithToken(three)).toBe(1);
    });
  });
});
