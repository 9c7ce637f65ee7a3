/**
 * `npm run bench`: figures for the client factory and the API on this machine, in one run, with
 * each goal marked PASS or MISS. Prints; asserts nothing (figures depend on the machine and on
 * whatever else runs on it). Builds the API first when dist/backend is missing or stale; uses Redis at
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379/7) when it answers, for the two-instance figure.
 */
import { startMongoServer } from '@twilio-config/mongo-server';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FactoryFigures } from './figures';
import { runHttpBenchmarks, type HttpFigures } from './http-benchmarks';
import { printReport } from './report';
import { builtApiMain, reachableRedis, WORKSPACE_ROOT } from '@twilio-config/dev-stack';
import { describeExit, superviseProcess } from '@twilio-config/process-supervisor';
import { printTenancyReport, runTenancyBenchmarks } from './tenancy-benchmarks';

const FACTORY_TIMEOUT_MS = 150_000;
/** The benchmarks that need the API's own classes live in the backend project. */
const BACKEND_BENCH = path.join(WORKSPACE_ROOT, 'backend/bench');

async function main(): Promise<void> {
  const started = Date.now();
  log(`API: ${builtApiMain()}`);
  const redisUrl = await reachableRedis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/7');
  const encryptionKey = randomBytes(32).toString('base64');
  log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
  log(redisUrl ? `Redis: ${redisUrl}` : 'Redis: not reachable, the two-instance figure is skipped');
  const mongo = await startMongoServer();
  try {
    log('client factory, in process (10,000 organizations)…');
    const factory = await runFactoryBenchmarks(mongo.uri, redisUrl, encryptionKey);
    log('HTTP, the built API with autocannon…');
    const http: HttpFigures = await runHttpBenchmarks({ mongoUri: mongo.uri, redisUrl, encryptionKey });
    log("the caller's organization (CurrentOrganizationTwilio vs orgId by hand)…");
    const tenancy = await runTenancyBenchmarks({ mongoUri: mongo.uri, encryptionKey });
    printReport(factory, http);
    printTenancyReport(tenancy);
    log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await mongo.stop();
  }
}

/**
 * backend/bench/factory-benchmarks.ts in its own process with --expose-gc, under @swc-node/register:
 * SWC with the decorator metadata Nest needs, and the path aliases of backend/bench/tsconfig.json.
 */
async function runFactoryBenchmarks(mongoUri: string, redisUrl: string | null, encryptionKey: string): Promise<FactoryFigures> {
  const databaseUri = new URL(`bench_factory_${randomBytes(4).toString('hex')}`, mongoUri);
  databaseUri.searchParams.set('monitorCommands', 'true');
  const factory = superviseProcess({
    name: 'factory benchmarks',
    command: process.execPath,
    args: ['--expose-gc', '--require', '@swc-node/register', path.join(BACKEND_BENCH, 'factory-benchmarks.ts')],
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SWC_NODE_PROJECT: path.join(BACKEND_BENCH, 'tsconfig.json'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MONGODB_URI: databaseUri.toString(),
      // The factory never calls the identity provider or Twilio; these only satisfy the configuration.
      AUTH0_ISSUER_URL: 'http://127.0.0.1:9/',
      AUTH0_AUDIENCE: 'https://twilio-config-api',
      CREDENTIALS_ENCRYPTION_KEY: encryptionKey,
      PUBLIC_BASE_URL: 'https://api.bench.example',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      TWILIO_ENV_FALLBACK: 'false',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      ...(process.env.BENCH_ORGANIZATIONS ? { BENCH_ORGANIZATIONS: process.env.BENCH_ORGANIZATIONS } : {}),
    },
    ipc: true,
    output: 'plain',
  });
  let figures: FactoryFigures | undefined;
  factory.child.on('message', (message: { type: string; figures: FactoryFigures }) => {
    if (message.type === 'figures') figures = message.figures;
  });
  const timer = setTimeout(() => void factory.stop(), FACTORY_TIMEOUT_MS);
  const status = await factory.exited;
  clearTimeout(timer);
  if (!figures) throw new Error(`factory benchmarks ended without figures (${describeExit(status)})`);
  return figures;
}

function log(line: string): void {
  process.stdout.write(`bench: ${line}\n`);
}

// Every child is stopped and the report printed by then; exiting does not wait for idle keep-alive
// sockets of the load generators, which kept `npm run bench` open after "done" once.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
