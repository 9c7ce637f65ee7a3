/**
 * In-process figures of the API's TwilioClientFactory, measured on the real AppModule (its
 * providers configured from the environment, as main.ts does) against FerretDB and Redis.
 * Started by `npm run bench` (tools/harness/bench/src/run-benchmarks.ts) under @swc-node/register
 * with --expose-gc; sends its figures to the parent over IPC. Environment: the API's variables (MONGODB_URI with
 * monitorCommands=true, REDIS_URL optional), BENCH_ORGANIZATIONS (default 10,000, for the memory figure).
 */
import type { INestApplicationContext } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { distribution, percentile, type FactoryFigures } from '@twilio-config/bench';
import { exitOnSignals, superviseProcess } from '@twilio-config/process-supervisor';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import twilio from 'twilio';
import { TwilioClientFactory } from '../src/twilio/twilio-client.factory';
import { CredentialsCipher } from '../src/twilio-settings-store/secrets/credentials-cipher';
import { TwilioSettingsRepository, userActor } from '../src/twilio-settings-store';
import { TwilioSettingsService } from '../src/twilio-config/twilio-settings.service';
import { startBackendContext } from './backend-context';
import type { PeerCommand, PeerEvent } from './peer-protocol';

const BURST_CALLERS = 1_000;
const BATCH = 1_000;
const BATCHES = 300;
const SEED_WAY_CALLS = 400;
const BUS_ROUNDS = 200;
const CHANGE_ROUNDS = 60;

const progress = (what: string, since: number) => process.stdout.write(`bench:   ${what} (${((Date.now() - since) / 1000).toFixed(1)} s)\n`);
const hexId = (prefix: string) => prefix + randomBytes(16).toString('hex');
const nanos = (start: bigint) => Number(process.hrtime.bigint() - start);

/** Organizations with settings in the database: FerretDB 1.x reads by orgId scan the collection, so it stays small. */
const STORED_ORGANIZATIONS = 200;

async function main(): Promise<void> {
  exitOnSignals(); // stops the invalidation peer too
  const runId = randomBytes(4).toString('hex');
  const orgIdsOf = (kind: string, count: number) => Array.from({ length: count }, (_, index) => `org_${kind}${runId}${String(index).padStart(7, '0')}`);
  const stored = orgIdsOf('bench', STORED_ORGANIZATIONS);
  const cachedOnly = orgIdsOf('cache', Number(process.env.BENCH_ORGANIZATIONS ?? 10_000));

  let since = Date.now();
  const context = await startBackendContext();
  try {
    const connection = context.get<Connection>(getConnectionToken());
    await Promise.all(Object.values(connection.models).map((model) => model.init()));
    const cipher = context.get(CredentialsCipher);
    await connection.collection('twilio_settings').insertMany(stored.map((orgId, index) => settingsDocument(cipher, orgId, index)));
    progress(`API module started, ${stored.length} organizations' settings stored`, since);
    const factory = context.get(TwilioClientFactory);

    since = Date.now();
    const cachedGetClient = await measureCachedGetClient(factory, stored[0]);
    const seedWay = await measureSeedWay(context, stored.slice(1, 150));
    const coldBurst = await measureColdBurst(context, connection, factory, stored[150]);
    progress("cached, the seed's way, cold burst", since);
    since = Date.now();
    const invalidation = process.env.REDIS_URL ? await measureInvalidation(context, factory, stored[151]) : { skipped: 'REDIS_URL not set' };
    progress('two-instance invalidation', since);

    since = Date.now();
    for (const orgId of [stored[0], stored[150], stored[151]]) await factory.invalidateCache(orgId);
    const memory = await measureMemory(context, factory, cachedOnly);
    progress(`${cachedOnly.length.toLocaleString('en')} organizations cached (memory)`, since);

    const figures: FactoryFigures = { cachedGetClient, seedWay, coldBurst, memory, invalidation };
    process.send?.({ type: 'figures', figures });
  } finally {
    await context.close();
  }
}

/** Enabled settings as the API stores them in twilio_settings (the Auth Token encrypted). */
function settingsDocument(cipher: CredentialsCipher, orgId: string, index: number) {
  const now = new Date();
  return {
    orgId,
    accountSid: hexId('AC'),
    authToken: cipher.encrypt(randomBytes(16).toString('hex'), { orgId, field: 'authToken' }),
    fromNumber: `+6140${String(index).padStart(7, '0')}`,
    messagingServiceSid: null,
    conversationsServiceSid: null,
    apiKeySid: null,
    apiKeySecret: null,
    edge: null,
    region: null,
    webhook: { url: null, enabled: false, configured: false, method: null, filters: [], configuredAt: null },
    enabled: true,
    validated: true,
    validatedAt: now,
    updatedAt: now,
    updatedBy: 'auth0|bench',
  };
}

/**
 * Heap growth (after full collections) from caching every organization's client, divided by their
 * number. The settings come from memory in the repository's own shape (a fresh object per read, as
 * the driver returns), not from FerretDB, whose reads by orgId scan the collection (about 0.1 s each
 * at 10,000 documents): the figure is what the cache holds, wherever the settings came from.
 */
async function measureMemory(context: INestApplicationContext, factory: TwilioClientFactory, orgIds: string[]): Promise<FactoryFigures['memory']> {
  const cipher = context.get(CredentialsCipher);
  const repository = context.get(TwilioSettingsRepository);
  const records = new Map(
    orgIds.map((orgId, index) => {
      const { authToken, apiKeySecret, ...settings } = settingsDocument(cipher, orgId, index);
      return [orgId, JSON.stringify({ ...settings, secrets: { authToken, apiKeySecret } })];
    }),
  );
  const read = repository.findWithSecretsByOrg.bind(repository);
  repository.findWithSecretsByOrg = async (orgId) => {
    const record = records.get(orgId);
    return record ? JSON.parse(record) : read(orgId);
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  const collect = () => {
    for (let round = 0; round < 3; round++) gc?.();
  };
  try {
    // Not counted: the SDK modules the first client loads.
    await factory.getClient(orgIds[0]);
    await factory.invalidateCache(orgIds[0]);
    collect();
    const before = process.memoryUsage().heapUsed;
    for (const orgId of orgIds) await factory.getClient(orgId);
    collect();
    const heapDeltaBytes = process.memoryUsage().heapUsed - before;
    return {
      organizations: orgIds.length,
      cachedOrganizations: factory.cachedOrganizations,
      heapDeltaBytes,
      bytesPerOrganization: heapDeltaBytes / orgIds.length,
      gcExposed: gc !== undefined,
    };
  } finally {
    repository.findWithSecretsByOrg = read;
  }
}

/**
 * `await getClient(orgId)` for a cached organization, as a caller does it. Batches of awaited
 * calls give the per-call figure (a timer read costs about as much as the call); individually timed
 * calls give the tail, timer included.
 */
async function measureCachedGetClient(factory: TwilioClientFactory, orgId: string): Promise<FactoryFigures['cachedGetClient']> {
  await factory.getClient(orgId);
  for (let warm = 0; warm < 50_000; warm++) await factory.getClient(orgId);
  const perCall: number[] = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const start = process.hrtime.bigint();
    for (let call = 0; call < BATCH; call++) await factory.getClient(orgId);
    perCall.push(nanos(start) / BATCH);
  }
  const single: number[] = [];
  for (let call = 0; call < 50_000; call++) {
    const start = process.hrtime.bigint();
    await factory.getClient(orgId);
    single.push(nanos(start));
  }
  return {
    perCallP50Ns: percentile(perCall, 50),
    perCallP99Ns: percentile(perCall, 99),
    singleCallP99Ns: percentile(single, 99),
    calls: BATCHES * BATCH + single.length,
  };
}

/** The seed's getClient: read the organization's settings, then `twilio(sid, token)`, on every call. */
async function measureSeedWay(context: INestApplicationContext, orgIds: string[]): Promise<FactoryFigures['seedWay']> {
  const repository = context.get(TwilioSettingsRepository);
  const cipher = context.get(CredentialsCipher);
  const seedGetClient = async (orgId: string) => {
    const stored = await repository.findWithSecretsByOrg(orgId);
    if (!stored) throw new Error(`no settings for ${orgId}`);
    return twilio(stored.accountSid, cipher.decrypt(stored.secrets.authToken, { orgId, field: 'authToken' }));
  };
  for (let warm = 0; warm < 50; warm++) await seedGetClient(orgIds[warm % orgIds.length]);
  const samples: number[] = [];
  for (let call = 0; call < SEED_WAY_CALLS; call++) {
    const start = process.hrtime.bigint();
    await seedGetClient(orgIds[call % orgIds.length]);
    samples.push(nanos(start));
  }
  return { p50Ns: percentile(samples, 50), p99Ns: percentile(samples, 99), calls: samples.length, storedOrganizations: STORED_ORGANIZATIONS };
}

/** A thousand concurrent getClient calls for an organization whose client is not cached. */
async function measureColdBurst(
  context: INestApplicationContext,
  connection: Connection,
  factory: TwilioClientFactory,
  orgId: string,
): Promise<FactoryFigures['coldBurst']> {
  await factory.invalidateCache(orgId);
  let databaseReads = 0;
  // Every command the driver sends (MONGODB_URI carries monitorCommands=true): reads of this organization's settings.
  connection.getClient().on('commandStarted', (event) => {
    const filter = (event.command as { filter?: { orgId?: unknown } }).filter;
    if (event.commandName === 'find' && event.command.find === 'twilio_settings' && filter?.orgId === orgId) databaseReads++;
  });
  const repository = context.get(TwilioSettingsRepository);
  const read = repository.findWithSecretsByOrg.bind(repository);
  let repositoryReads = 0;
  repository.findWithSecretsByOrg = (id) => {
    if (id === orgId) repositoryReads++;
    return read(id);
  };
  try {
    const results = await Promise.all(Array.from({ length: BURST_CALLERS }, () => factory.getClient(orgId)));
    return { callers: BURST_CALLERS, databaseReads, repositoryReads, distinctClients: new Set(results.map((result) => result.client)).size };
  } finally {
    repository.findWithSecretsByOrg = read;
  }
}

/**
 * A second instance in its own process caches the organization's client; this one changes the
 * settings (or just invalidates). Measured on the machine's monotonic clock: from the start of the
 * call on this instance to the moment the peer's factory dropped the client. Each change is then
 * checked on the peer: a disabled organization is refused, a re-enabled one gets a new client.
 */
async function measureInvalidation(context: INestApplicationContext, factory: TwilioClientFactory, orgId: string): Promise<FactoryFigures['invalidation']> {
  const peer = await startPeer();
  try {
    const service = context.get(TwilioSettingsService);
    const actor = userActor('auth0|bench');
    peer.command({ type: 'watch', orgId });

    const busDelays: number[] = [];
    for (let round = 0; round < BUS_ROUNDS; round++) {
      await peer.getClient(orgId);
      const dropped = peer.nextDrop(orgId);
      const start = process.hrtime.bigint();
      await factory.invalidateCache(orgId);
      busDelays.push(Number((await dropped) - start));
    }

    // When the change is in the database: from then on, a client still cached anywhere is stale.
    const repository = context.get(TwilioSettingsRepository);
    const write = repository.setEnabled.bind(repository);
    let committedAt = 0n;
    repository.setEnabled = async (...args: Parameters<typeof write>) => {
      const found = await write(...args);
      committedAt = process.hrtime.bigint();
      return found;
    };

    const changeDelays: number[] = [];
    const staleWindows: number[] = [];
    let droppedBeforeAnswer = 0;
    let verified = 0;
    let checks = 0;
    for (let round = 0; round < CHANGE_ROUNDS; round++) {
      const before = await peer.getClient(orgId);
      for (const enabled of [false, true]) {
        const dropped = peer.nextDrop(orgId);
        const start = process.hrtime.bigint();
        await service.setEnabled(orgId, actor, enabled);
        const answered = process.hrtime.bigint();
        const droppedAt = await dropped;
        changeDelays.push(Number(droppedAt - start));
        staleWindows.push(Number(droppedAt - committedAt));
        if (droppedAt <= answered) droppedBeforeAnswer++;
        const after = await peer.getClient(orgId);
        checks++;
        const expected = enabled ? after.client !== null && after.client !== before.client : after.error === 'TwilioDisabledError';
        if (expected) verified++;
      }
    }
    repository.setEnabled = write;
    return {
      bus: distribution(busDelays),
      settingsChange: distribution(changeDelays),
      staleWindow: distribution(staleWindows),
      droppedBeforeInstanceOneAnswered: droppedBeforeAnswer,
      verified,
      checks,
    };
  } finally {
    await peer.stop();
  }
}

interface Peer {
  command(command: PeerCommand): void;
  getClient(orgId: string): Promise<{ client: number | null; error: string | null }>;
  /** Resolves with the time of the next drop of the organization's client on the peer. */
  nextDrop(orgId: string): Promise<bigint>;
  stop(): Promise<void>;
}

/** invalidation-peer.ts in its own process, started as this one was (same Node options and loader). */
async function startPeer(): Promise<Peer> {
  const peer = superviseProcess({
    name: 'invalidation peer',
    command: process.execPath,
    args: [...process.execArgv, path.join(__dirname, 'invalidation-peer.ts')],
    env: process.env,
    ipc: true,
    output: 'plain',
  });
  const waiting: Array<{ matches: (event: PeerEvent) => boolean; resolve: (event: PeerEvent) => void }> = [];
  peer.child.on('message', (event: PeerEvent) => {
    const index = waiting.findIndex((waiter) => waiter.matches(event));
    if (index >= 0) waiting.splice(index, 1)[0].resolve(event);
  });
  const next = (matches: (event: PeerEvent) => boolean, what: string, timeoutMs = 10_000) =>
    new Promise<PeerEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`invalidation peer: no ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
      waiting.push({ matches, resolve: (event) => (clearTimeout(timer), resolve(event)) });
    });
  try {
    await peer.waitUntilReady({ description: 'its ready message', wait: () => next((event) => event.type === 'ready', 'ready', 60_000) }, { timeoutMs: 60_000 });
  } catch (error) {
    await peer.stop();
    throw error;
  }
  const command = (message: PeerCommand) => peer.child.send(message);
  return {
    command,
    getClient: async (orgId) => {
      const outcome = next((event) => event.type === 'outcome' && event.orgId === orgId, 'getClient outcome');
      command({ type: 'get-client', orgId });
      const event = (await outcome) as Extract<PeerEvent, { type: 'outcome' }>;
      return { client: event.client, error: event.error };
    },
    nextDrop: async (orgId) => {
      const event = (await next((candidate) => candidate.type === 'dropped' && candidate.orgId === orgId, 'drop')) as Extract<PeerEvent, { type: 'dropped' }>;
      return BigInt(event.at);
    },
    stop: async () => {
      // Asked first, so the peer closes its connections itself; signals only if it does not within 5 s.
      if (!peer.exitStatus) command({ type: 'stop' });
      await Promise.race([peer.exited, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await peer.stop();
    },
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`factory benchmarks failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
