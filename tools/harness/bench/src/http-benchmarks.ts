import { startTwilioEmulator } from '@twilio-config/twilio-emulator';
import autocannon, { type Options, type Result } from 'autocannon';
import mongoose from 'mongoose';
import { randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import twilio from 'twilio';
import { startBuiltApi, startLocalIdentity } from '@twilio-config/dev-stack';
import { lineMatching, superviseProcess } from '@twilio-config/process-supervisor';
import { percentile } from './stats';

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
  /**
   * Signed posts in WEBHOOK_ROUNDS rounds, each the public route, then one organization's posts, then
   * WEBHOOK_ORGANIZATIONS organizations' at once: each webhook figure is a ratio to the public figure
   * of its own round, so that the machine's neighbours (one run's figures swing ±10%) weigh on both.
   */
  webhookRounds: WebhookRound[];
  webhookOrganizations: number;
  /**
   * A quiet organization's posts at a steady rate, alone and while another organization floods, in
   * FAIRNESS_ROUNDS rounds: alone, flooded, alone, flooded… alone. Each flooded run is compared with
   * the better of the solo runs on either side of it (a slow batch of the database in one of them would
   * otherwise make the flooded figure look good).
   */
  webhookFairness: { quietRate: number; soloRuns: Throughput[]; floodedRuns: FloodedRun[] };
  /** The same GET answered by a bare Node HTTP server, in rounds alternating with /health/live. */
  bareNode: { publicRounds: number[]; bareRounds: number[]; ratio: number };
  testSms: SmsBurst;
  /** A test SMS burst per organization, several organizations at once. */
  testSmsManyOrganizations: SmsBurst[];
  redis: boolean;
}

/** `accepted`: 2xx answers; `acceptedStored`: of those, stored (in-flight posts when a run stops are stored too, unanswered). */
export type WebhookThroughput = Throughput & { accepted: number; acceptedStored: number; stored: number };

/** One round of the webhook figures: the public route, then the posts of one organization, then of many. */
export interface WebhookRound {
  publicRoute: Throughput;
  one: WebhookThroughput;
  many: WebhookThroughput;
}

/** The quiet organization's posts while another floods, and the flood's own figure. */
export interface FloodedRun {
  quiet: Throughput;
  flood: WebhookThroughput;
}

export interface SmsBurst {
  requests: number;
  accepted: number;
  messagesPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  inEmulator: number;
}

const CONNECTIONS = 50;
const WARM_UP_SECONDS = 2;
/** Before the first figure, on top of each route's own warm-up. */
const API_WARM_UP_SECONDS = 5;
const MEASURE_SECONDS = 5;
const SMS_BURST = 500;
const SMS_CONNECTIONS = 25;
/** Organizations posting webhooks at once. */
const WEBHOOK_ORGANIZATIONS = 50;
/** Organizations sending test SMS bursts at once, each its own burst. */
const SMS_ORGANIZATIONS = 5;
const SMS_BURST_PER_ORGANIZATION = 100;
const SMS_CONNECTIONS_PER_ORGANIZATION = 5;
/** The quiet organization of the fairness figure: a steady rate over a few connections. */
const QUIET_RATE = 100;
const QUIET_CONNECTIONS = 2;
/** Posts signed before a measured webhook run: more than the API takes in MEASURE_SECONDS on such a machine. */
const PRESIGNED_POSTS = 25_000;
const BARE_ROUNDS = 2;
const WEBHOOK_ROUNDS = 3;
const FAIRNESS_ROUNDS = 3;
const BARE_ROUND_SECONDS = 3;
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
  const otherOrgIds = Array.from({ length: WEBHOOK_ORGANIZATIONS }, (_, index) => `org_bw${runId}${String(index).padStart(6, '0')}`);
  const stoppers: Array<() => Promise<void>> = [];
  try {
    const emulator = await startTwilioEmulator({ port: 0 });
    stoppers.push(() => emulator.stop());
    const account = await emulator.admin.createAccount({ phoneNumbers: ['+61400000001'], conversationsServices: [{ friendlyName: 'Bench chat' }] });
    const identity = await startLocalIdentity([orgId, ...otherOrgIds]);
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
      // The scheduled runs over every organization (fleet health every 60 s, webhook reconciliation
      // every 300 s) landed in whichever 5 s figure was being measured: off, so figures compare.
      FLEET_HEALTH_INTERVAL_SECONDS: '0',
      WEBHOOK_RECONCILE_INTERVAL_SECONDS: '0',
      ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    });
    stoppers.push(() => api.stop());

    const authorization = `Bearer ${await identity.accessToken(orgId)}`;
    const save = async (bearer: string, tenant: Tenant) => {
      const saved = await fetch(`${api.url}/api/twilio-config/settings`, {
        method: 'POST',
        headers: { Authorization: bearer, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          accountSid: tenant.accountSid,
          authToken: tenant.authToken,
          fromNumber: tenant.fromNumber,
          conversationsServiceSid: tenant.chatServiceSid,
        }),
      });
      if (saved.status !== 200) throw new Error(`saving a benchmark organization's settings answered ${saved.status}: ${await saved.text()}`);
    };
    const main = { ...tenantOf(account), orgId };
    await save(authorization, main);
    // The other organizations: each its own Twilio account and settings, saved through the API.
    const tenants: Tenant[] = [];
    for (const [index, otherOrgId] of otherOrgIds.entries()) {
      const other = tenantOf(
        await emulator.admin.createAccount({
          phoneNumbers: [`+6140001${String(index).padStart(4, '0')}`],
          conversationsServices: [{ friendlyName: 'Bench chat' }],
        }),
      );
      await save(`Bearer ${await identity.accessToken(otherOrgId)}`, other);
      tenants.push({ ...other, orgId: otherOrgId });
    }

    // A fresh process runs unoptimised code for its first seconds: without this, the first public
    // figure came out about a fifth below the second, which made every ratio to it look better.
    await autocannon({ url: `${api.url}/health/live`, connections: CONNECTIONS, duration: API_WARM_UP_SECONDS });
    const publicRoute = [await measure({ url: `${api.url}/health/live` })];
    const settingsRead = await measure({ url: `${api.url}/api/twilio-config/settings`, headers: { Authorization: authorization } });
    const authenticatedOnly = await measure({ url: `${api.url}/api/twilio-config/audit?limit=0`, headers: { Authorization: authorization } }, 400);
    const bareNode = await measureBareNode(api.url);
    const webhookRounds: WebhookRound[] = [];
    for (let round = 1; round <= WEBHOOK_ROUNDS; round += 1) {
      webhookRounds.push({
        publicRoute: await measure({ url: `${api.url}/health/live` }),
        one: await measureWebhook(api.url, databaseUri, [main], runId, `one${round}`),
        many: await measureWebhook(api.url, databaseUri, tenants.slice(0, WEBHOOK_ORGANIZATIONS), runId, `many${round}`),
      });
    }
    const webhookFairness = await measureFairness(api.url, databaseUri, tenants[0], tenants[1], runId);
    publicRoute.push(await measure({ url: `${api.url}/health/live` }));
    const testSms = await smsBurst(api.url, authorization, SMS_BURST, SMS_CONNECTIONS, async () =>
      (await emulator.admin.messages(account.accountSid)).map((message) => message.sid),
    );
    const testSmsManyOrganizations = await Promise.all(
      tenants.slice(0, SMS_ORGANIZATIONS).map(async (tenant) =>
        smsBurst(api.url, `Bearer ${await identity.accessToken(tenant.orgId as string)}`, SMS_BURST_PER_ORGANIZATION, SMS_CONNECTIONS_PER_ORGANIZATION, async () =>
          (await emulator.admin.messages(tenant.accountSid)).map((message) => message.sid),
        ),
      ),
    );
    return {
      publicRoute,
      settingsRead,
      authenticatedOnly,
      bareNode,
      webhookRounds,
      webhookOrganizations: WEBHOOK_ORGANIZATIONS,
      webhookFairness,
      testSms,
      testSmsManyOrganizations,
      redis: options.redisUrl !== null,
    };
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

/** An organization's Twilio account as the benchmark posts for it. */
interface Tenant {
  orgId?: string;
  accountSid: string;
  authToken: string;
  chatServiceSid: string;
  fromNumber: string;
}

function tenantOf(account: {
  accountSid: string;
  authToken: string;
  phoneNumbers: { phoneNumber: string }[];
  conversationsServices: { sid: string }[];
}): Tenant {
  return {
    accountSid: account.accountSid,
    authToken: account.authToken,
    chatServiceSid: account.conversationsServices[0].sid,
    fromNumber: account.phoneNumbers[0].phoneNumber,
  };
}

/** A signed form post as Twilio sends it, a distinct event (its own MessageSid) with its own idempotency token. */
interface SignedPost {
  token: string;
  headers: Record<string, string>;
  body: string;
}

function signedPost(tenants: Tenant[], runId: string, label: string, number: number): SignedPost {
  const tenant = tenants[number % tenants.length];
  const params = {
    AccountSid: tenant.accountSid,
    ChatServiceSid: tenant.chatServiceSid,
    EventType: 'onMessageAdded',
    Source: 'SMS',
    ConversationSid: `CH${runId}${'0'.repeat(24)}`,
    MessageSid: `IM${randomBytes(16).toString('hex')}`,
    Author: '+61400111222',
    Body: 'Benchmark message',
    Index: String(number),
    RetryCount: '0',
  };
  // Random, as the emulator's (and, as far as documented, Twilio's): a counter would sit next to the
  // previous token in the (orgId, idempotencyToken) index, which made one organization's writes cheaper.
  const token = `bench-${label}-${randomUUID()}`;
  return {
    token,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(tenant.authToken, `${PUBLIC_BASE_URL}${WEBHOOK_PATH}`, params),
      'I-Twilio-Idempotency-Token': token,
    },
    body: new URLSearchParams(params).toString(),
  };
}

/**
 * Signed posts, each stored (a distinct event), the organizations' posts in turn; notes the tokens
 * answered 200. `presigned` posts are signed before the run, so that the load generator's HMACs
 * (about a third of its time per post) do not take CPU from the API on the same machine, as Twilio's
 * signing does not; once they are used up, posts are signed as they are sent.
 */
function signedWebhookPosts(
  apiUrl: string,
  tenants: Tenant[],
  runId: string,
  label: string,
  presigned: number,
): { options: Options; acceptedTokens: string[] } {
  let delivery = 0;
  const acceptedTokens: string[] = [];
  const ready = Array.from({ length: presigned }, (_, index) => signedPost(tenants, runId, label, index + 1));
  const options: Options = {
    url: apiUrl,
    requests: [
      {
        method: 'POST',
        path: WEBHOOK_PATH,
        setupRequest: (request, context) => {
          delivery += 1;
          const { token, headers, body } = ready[delivery - 1] ?? signedPost(tenants, runId, label, delivery);
          (context as { token?: string }).token = token;
          return { ...request, headers, body };
        },
        onResponse: (status, _body, context) => {
          if (status === 200) acceptedTokens.push((context as { token?: string }).token as string);
        },
      },
    ],
  };
  return { options, acceptedTokens };
}

/** Of the tokens answered 200, how many are in the database; and how many events the organizations have in all. */
async function storedOf(databaseUri: string, tenants: Tenant[], acceptedTokens: string[]): Promise<{ acceptedStored: number; stored: number }> {
  const connection = await mongoose.createConnection(databaseUri).asPromise();
  try {
    const events = await connection
      .collection('conversation_events')
      .find({ orgId: { $in: tenants.map((tenant) => tenant.orgId) } }, { projection: { idempotencyToken: 1 } })
      .toArray();
    const storedTokens = new Set(events.map((event) => event.idempotencyToken as string));
    return { acceptedStored: acceptedTokens.filter((token) => storedTokens.has(token)).length, stored: events.length };
  } finally {
    await connection.close();
  }
}

async function measureWebhook(apiUrl: string, databaseUri: string, tenants: Tenant[], runId: string, label: string): Promise<WebhookThroughput> {
  const warmUp = signedWebhookPosts(apiUrl, tenants, runId, `${label}-warm`, 0);
  await autocannon({ ...warmUp.options, connections: CONNECTIONS, duration: WARM_UP_SECONDS });
  const posts = signedWebhookPosts(apiUrl, tenants, runId, label, PRESIGNED_POSTS);
  const measured = await autocannon({ ...posts.options, connections: CONNECTIONS, duration: MEASURE_SECONDS });
  return { ...throughputOf(measured), accepted: posts.acceptedTokens.length, ...(await storedOf(databaseUri, tenants, posts.acceptedTokens)) };
}

/**
 * The quiet organization posts at QUIET_RATE over QUIET_CONNECTIONS alone, then while the flooding
 * organization posts as fast as CONNECTIONS connections let it (started a second before, stopped
 * after), then alone again, FAIRNESS_ROUNDS times. The flood comes from a process of its own, as it
 * would from elsewhere: sharing the quiet posts' event loop, its answers delayed the quiet ones' in the
 * load generator, not in the API.
 */
async function measureFairness(
  apiUrl: string,
  databaseUri: string,
  flooding: Tenant,
  quiet: Tenant,
  runId: string,
): Promise<HttpFigures['webhookFairness']> {
  const quietRun = async (label: string) =>
    throughputOf(
      await autocannon({
        ...signedWebhookPosts(apiUrl, [quiet], runId, label, QUIET_RATE * MEASURE_SECONDS + QUIET_RATE).options,
        connections: QUIET_CONNECTIONS,
        overallRate: QUIET_RATE,
        duration: MEASURE_SECONDS,
      }),
    );
  await quietRun('quiet-warm');
  const soloRuns = [await quietRun('quiet-solo0')];
  const floodedRuns: FloodedRun[] = [];
  for (let round = 1; round <= FAIRNESS_ROUNDS; round += 1) {
    const floodPosts = Array.from({ length: PRESIGNED_POSTS }, (_, index) => signedPost([flooding], runId, `flood${round}`, index + 1));
    const flooded = floodFromOwnProcess(apiUrl, floodPosts, MEASURE_SECONDS + 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const quietFlooded = await quietRun(`quiet-flooded${round}`);
    const flood = await flooded;
    floodedRuns.push({
      quiet: quietFlooded,
      flood: { ...throughputOf(flood.result), accepted: flood.acceptedTokens.length, ...(await storedOf(databaseUri, [flooding], flood.acceptedTokens)) },
    });
    soloRuns.push(await quietRun(`quiet-solo${round}`));
  }
  return { quietRate: QUIET_RATE, soloRuns, floodedRuns };
}

/**
 * autocannon in a process of its own (in a worker thread it answers its raw histograms), posting the
 * signed posts it is sent in turn (again from the first once all were sent: repeats).
 */
const FLOOD_PROCESS = `
const autocannon = require(process.argv[1]);
process.once('message', ({ url, path, posts, connections, duration }) => {
  let next = 0;
  const acceptedTokens = [];
  autocannon({
    url, connections, duration,
    requests: [{
      method: 'POST', path,
      setupRequest: (request, context) => {
        const post = posts[next++ % posts.length];
        context.token = post.token;
        return { ...request, headers: post.headers, body: post.body };
      },
      onResponse: (status, _body, context) => { if (status === 200) acceptedTokens.push(context.token); },
    }],
  }).then(
    ({ requests, latency, statusCodeStats, errors, timeouts }) =>
      process.send({ result: { requests, latency, statusCodeStats, errors, timeouts }, acceptedTokens }, () => process.exit(0)),
    (error) => process.send({ error: String(error) }, () => process.exit(1)),
  );
});
`;

async function floodFromOwnProcess(apiUrl: string, posts: SignedPost[], durationSeconds: number): Promise<{ result: Result; acceptedTokens: string[] }> {
  const flood = spawn(process.execPath, ['-e', FLOOD_PROCESS, require.resolve('autocannon')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const answer = new Promise<{ result?: Result; acceptedTokens?: string[]; error?: string }>((resolve, reject) => {
      flood.once('message', (message) => resolve(message as { result?: Result; acceptedTokens?: string[]; error?: string }));
      flood.once('error', reject);
      flood.once('exit', (code) => reject(new Error(`the flood's load generator exited (${code}) without figures`)));
    });
    flood.send({ url: apiUrl, path: WEBHOOK_PATH, posts, connections: CONNECTIONS, duration: durationSeconds });
    const message = await answer;
    if (message.error !== undefined || !message.result) throw new Error(`the flood's load generator failed: ${message.error}`);
    return { result: message.result, acceptedTokens: message.acceptedTokens ?? [] };
  } finally {
    if (flood.exitCode === null) flood.kill();
  }
}

/** What GET /health/live answers, from a bare node:http server: the framework's work left out. */
const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ status: 'ok' });
const server = http.createServer((request, response) => {
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** /health/live on the API against the bare server, both a process of their own on 127.0.0.1, in alternating rounds. */
async function measureBareNode(apiUrl: string): Promise<HttpFigures['bareNode']> {
  const bare = superviseProcess({ name: 'bare node server', command: process.execPath, args: ['-e', BARE_SERVER], stdinPipe: true });
  try {
    const [, port] = await bare.waitUntilReady(lineMatching(/listening on (\d+)/));
    const urls = { public: `${apiUrl}/health/live`, bare: `http://127.0.0.1:${port}/health/live` };
    await autocannon({ url: urls.bare, connections: CONNECTIONS, duration: WARM_UP_SECONDS });
    const rounds = { public: [] as number[], bare: [] as number[] };
    for (let round = 0; round < BARE_ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['public', 'bare'] as const) : (['bare', 'public'] as const);
      for (const name of order) {
        rounds[name].push((await autocannon({ url: urls[name], connections: CONNECTIONS, duration: BARE_ROUND_SECONDS })).requests.average);
      }
    }
    return {
      publicRounds: rounds.public,
      bareRounds: rounds.bare,
      ratio: percentile(rounds.public.map((value, round) => value / rounds.bare[round]), 50),
    };
  } finally {
    await bare.stop();
  }
}

/** A burst of test SMS through the API to the emulator; every accepted one must be in the emulator's log. */
async function smsBurst(
  apiUrl: string,
  authorization: string,
  amount: number,
  connections: number,
  emulatorSids: () => Promise<string[]>,
): Promise<SmsBurst> {
  const acceptedSids: string[] = [];
  const result = await autocannon({
    url: apiUrl,
    connections,
    amount,
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
