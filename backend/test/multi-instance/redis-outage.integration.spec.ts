import { SUPPORT_ROLE } from '@twilio-config/shared';
import { startTwilioEmulator, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { builtApiMain, startBuiltApi, type RunningApi } from '@twilio-config/dev-stack';
import { getFreePort } from '@twilio-config/mongo-server';
import Redis from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { JwksTestServer } from '../auth/support/jwks-test-server';
import { ORG_CLAIM, ROLES_CLAIM, TEST_AUDIENCE, TestTokens } from '../auth/support/test-tokens';
import { testDatabaseUri } from '../test-environment';

/**
 * A redis-server of this file's own (never the shared one on 6379), stopped and started again
 * under two API instances: a change made while it is away must not stay unknown to the other instance.
 */
class DedicatedRedis {
  private process: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn('/usr/bin/redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    this.process = child;
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          await probe.connect();
          await probe.ping();
          return;
        } catch {
          probe.disconnect();
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      throw new Error(`redis-server did not start on ${this.port}`);
    } finally {
      probe.disconnect();
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

describe('two API instances while their Redis goes away and comes back', () => {
  let redis: DedicatedRedis;
  let first: RunningApi;
  let second: RunningApi;
  let emulator: RunningTwilioEmulator;
  let jwks: JwksTestServer;
  let tokens: TestTokens;
  const orgId = `org_ro${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    builtApiMain();
    redis = new DedicatedRedis(await getFreePort());
    await redis.start();
    const key = new TestTokens('pending').key;
    jwks = await JwksTestServer.start(key);
    tokens = new TestTokens(jwks.issuer, key);
    emulator = await startTwilioEmulator({ port: 0 });
    const environment = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MONGODB_URI: testDatabaseUri('redis-outage'),
      REDIS_URL: redis.url,
      AUTH0_ISSUER_URL: jwks.issuer,
      AUTH0_AUDIENCE: TEST_AUDIENCE,
      AUTH0_ROLES_CLAIM: ROLES_CLAIM,
      AUTH0_ORG_CLAIM: ORG_CLAIM,
      CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'https://api.example.test',
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_TIMEOUT_MS: '3000',
      TWILIO_ENV_FALLBACK: 'false',
    };
    [first, second] = await Promise.all([startBuiltApi(environment), startBuiltApi(environment)]);
  }, 240_000);

  afterAll(async () => {
    await Promise.all([first?.stop(), second?.stop()]);
    await redis?.stop();
    await emulator?.stop();
    await jwks?.close();
  });

  const bearer = () => `Bearer ${tokens.sign({ [ORG_CLAIM]: orgId, sub: `auth0|support-${orgId}`, [ROLES_CLAIM]: [SUPPORT_ROLE] })}`;
  const settingsOn = async (instance: RunningApi) => (await request(instance.url).get('/api/twilio-config/settings').set('Authorization', bearer()).expect(200)).body;

  it('fails the DELETE made during the outage (503, local caches cleared), and the other instance drops its caches once Redis is back', async () => {
    const account = await emulator.admin.createAccount({ phoneNumbers: ['+61488800001'] });
    await request(first.url)
      .post('/api/twilio-config/settings')
      .set('Authorization', bearer())
      .send({ accountSid: account.accountSid, authToken: account.authToken, fromNumber: '+61488800001' })
      .expect(200);
    // The second instance caches the view (and the client, once it sends).
    expect((await settingsOn(second)).configured).toBe(true);
    await request(second.url).post('/api/twilio-config/test/sms').set('Authorization', bearer()).send({ to: '+61412345678', body: 'cached' }).expect(200);

    await redis.stop();
    const deleted = await request(first.url).delete('/api/twilio-config/settings').set('Authorization', bearer());
    expect(deleted.status).toBe(503);
    expect(deleted.body).toMatchObject({ statusCode: 503, code: 'SETTINGS_SYNC_FAILED' });
    expect(deleted.headers['retry-after']).toBeDefined();
    expect((await settingsOn(first)).configured).toBe(false);
    // Not told: it still shows what it cached (what this issue is about).
    expect((await settingsOn(second)).configured).toBe(true);

    await redis.start();
    let view = await settingsOn(second);
    for (let attempt = 0; attempt < 100 && view.configured; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      view = await settingsOn(second);
    }
    expect(view.configured).toBe(false);
    const refused = await request(second.url).post('/api/twilio-config/test/sms').set('Authorization', bearer()).send({ to: '+61412345678', body: 'deleted?' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('NOT_CONFIGURED');
    expect(await emulator.admin.messages(account.accountSid)).toHaveLength(1);

    // With Redis back, a change propagates as before.
    await request(first.url).delete('/api/twilio-config/settings').set('Authorization', bearer()).expect(204);
  });
});
