import { startTwilioEmulator } from '@twilio-config/twilio-emulator';
import autocannon, { type Options, type Result } from 'autocannon';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { startBuiltApi } from '@twilio-config/dev-stack';
import { startLocalIdentity } from '@twilio-config/dev-stack';

export interface Throughput {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers other than the expected status, errors and timeouts of the measured run. */
  failures: number;
}

export interface HttpFigures {
  publicRoute: Throughput[];
  settingsRead: Throughput;
  /** An authenticated route answered without reading the database (400 from validation): the token's cost alone. */
  authenticatedOnly: Throughput;
  /** `accepted`: 2xx answers; `acceptedStored`: of those, stored (in-flight posts when a run stops are stored too, unanswered). */
  webhook: Throughput & { accepted: number; acceptedStored: number; stored: number };
  testSms: { requests: number; accepted: number; messagesPerSecond: number; latencyP50Ms: number; latencyP99Ms: number; inEmulator: number };
  redis: boolean;
}

const CONNECTIONS = 50;
const WARM_UP_SECONDS = 2;
const MEASURE_SECONDS = 5;
const SMS_BURST = 500;
const SMS_CONNECTIONS = 25;
const PUBLIC_BASE_URL = 'https://api.bench.example';
const WEBHOOK_PATH = '/api/twilio/conversations-webhook';

/**
 * The built API (dist/backend/main.js) in its own process, with FerretDB, the local identity
 * provider and the Twilio emulator; autocannon in this process. Each route is warmed up, then measured.
 */
export async function runHttpBenchmarks(options: { mongoUri: string; redisUrl: string | null; encryptionKey: string }): Promise<HttpFigures> {
  const runId = randomBytes(4).toString('hex');
  // Auth0 organization ids are org_ and 16 alphanumerics.
  const orgId = `org_bh${runId}000000`;
  const stoppers: Array<() => Promise<void>> = [];
  try {
    const emulator = await startTwilioEmulator({ port: 0 });
    stoppers.push(() => emulator.stop());
    const account = await emulator.admin.createAccount({ phoneNumbers: ['+61400000001'], conversationsServices: [{ friendlyName: 'Bench chat' }] });
    const identity = await startLocalIdentity([orgId]);
    stoppers.push(() => identity.stop());
    const databaseUri = new URL(`bench_http_${runId}`, options.mongoUri).toString();
    const api = await startBuiltApi({
      MONGODB_URI: databaseUri,
      AUTH0_ISSUER_URL: identity.issuer,
      AUTH0_AUDIENCE: identity.audience,
      CREDENTIALS_ENCRYPTION_KEY: options.encryptionKey,
      PUBLIC_BASE_URL,
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_ENV_FALLBACK: 'false',
      // The burst measures sending, not the per-organization limit (5 a minute by default).
      RATE_LIMIT_TEST_SMS_PER_MIN: '1000000',
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    });
    stoppers.push(() => api.stop());

    const authorization = `Bearer ${await identity.accessToken(orgId)}`;
    const saved = await fetch(`${api.url}/api/twilio-config/settings`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        accountSid: account.accountSid,
        authToken: account.authToken,
        fromNumber: account.phoneNumbers[0].phoneNumber,
        conversationsServiceSid: account.conversationsServices[0].sid,
      }),
    });
    if (saved.status !== 200) throw new Error(`saving the benchmark organization's settings answered ${saved.status}: ${await saved.text()}`);

    const publicRoute = [await measure({ url: `${api.url}/health/live` })];
    const settingsRead = await measure({ url: `${api.url}/api/twilio-config/settings`, headers: { Authorization: authorization } });
    const authenticatedOnly = await measure({ url: `${api.url}/api/twilio-config/audit?limit=0`, headers: { Authorization: authorization } }, 400);
    const webhook = await measureWebhook(api.url, databaseUri, account.accountSid, account.authToken, account.conversationsServices[0].sid, runId);
    publicRoute.push(await measure({ url: `${api.url}/health/live` }));
    const testSms = await smsBurst(api.url, authorization, async () => (await emulator.admin.messages(account.accountSid)).map((message) => message.sid));
    return { publicRoute, settingsRead, authenticatedOnly, webhook, testSms, redis: options.redisUrl !== null };
  } finally {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  }
}

async function measure(options: Options, expectedStatus = 200): Promise<Throughput> {
  await autocannon({ connections: CONNECTIONS, ...options, duration: WARM_UP_SECONDS });
  return throughputOf(await autocannon({ connections: CONNECTIONS, ...options, duration: MEASURE_SECONDS }), expectedStatus);
}

function throughputOf(result: Result, expectedStatus = 200): Throughput {
  const expected = result.statusCodeStats?.[`${expectedStatus}`]?.count ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures: result.requests.total - expected + result.errors + result.timeouts,
  };
}

/** Signed form posts as Twilio sends them, each with its own idempotency token, so each one is stored. */
async function measureWebhook(
  apiUrl: string,
  databaseUri: string,
  accountSid: string,
  authToken: string,
  chatServiceSid: string,
  runId: string,
): Promise<HttpFigures['webhook']> {
  const params = {
    AccountSid: accountSid,
    ChatServiceSid: chatServiceSid,
    EventType: 'onMessageAdded',
    Source: 'SMS',
    ConversationSid: `CH${randomBytes(16).toString('hex')}`,
    MessageSid: `IM${randomBytes(16).toString('hex')}`,
    Author: '+61400111222',
    Body: 'Benchmark message',
    Index: '0',
    RetryCount: '0',
  };
  let delivery = 0;
  const acceptedTokens: string[] = [];
  const post: Options = {
    url: apiUrl,
    requests: [
      {
        method: 'POST',
        path: WEBHOOK_PATH,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
          'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, `${PUBLIC_BASE_URL}${WEBHOOK_PATH}`, params),
        },
        body: new URLSearchParams(params).toString(),
        setupRequest: (request, context) => {
          const token = `bench-${runId}-${++delivery}`;
          (context as { token?: string }).token = token;
          return { ...request, headers: { ...request.headers, 'I-Twilio-Idempotency-Token': token } };
        },
        onResponse: (status, _body, context) => {
          if (status === 200) acceptedTokens.push((context as { token?: string }).token as string);
        },
      },
    ],
  };
  await autocannon({ connections: CONNECTIONS, ...post, duration: WARM_UP_SECONDS });
  const measured = await autocannon({ connections: CONNECTIONS, ...post, duration: MEASURE_SECONDS });
  const connection = await mongoose.createConnection(databaseUri).asPromise();
  try {
    const events = await connection.collection('conversation_events').find({ accountSid }, { projection: { idempotencyToken: 1 } }).toArray();
    const storedTokens = new Set(events.map((event) => event.idempotencyToken as string));
    return {
      ...throughputOf(measured),
      accepted: acceptedTokens.length,
      acceptedStored: acceptedTokens.filter((token) => storedTokens.has(token)).length,
      stored: events.length,
    };
  } finally {
    await connection.close();
  }
}

/** A burst of test SMS through the API to the emulator; every accepted one must be in the emulator's log. */
async function smsBurst(apiUrl: string, authorization: string, emulatorSids: () => Promise<string[]>): Promise<HttpFigures['testSms']> {
  const acceptedSids: string[] = [];
  const result = await autocannon({
    url: apiUrl,
    connections: SMS_CONNECTIONS,
    amount: SMS_BURST,
    requests: [
      {
        method: 'POST',
        path: '/api/twilio-config/test/sms',
        headers: { Authorization: authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify({ to: '+61400999888', body: 'Benchmark burst' }),
        onResponse: (status, body) => {
          if (status === 200) acceptedSids.push((JSON.parse(body) as { sid: string }).sid);
        },
      },
    ],
  });
  const inEmulator = new Set(await emulatorSids());
  return {
    requests: result.requests.total,
    accepted: acceptedSids.length,
    messagesPerSecond: acceptedSids.length / (result.duration || 1),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    inEmulator: acceptedSids.filter((sid) => inEmulator.has(sid)).length,
  };
}
