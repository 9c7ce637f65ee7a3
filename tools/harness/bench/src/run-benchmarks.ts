/**
 * `npm run bench`: figures for the client factory and the API on this machine, in one run, with
 * each goal marked PASS or MISS. Prints; asserts nothing (figures depend on the machine and on
 * whatever else runs on it). Builds the API first when dist/backend is missing or stale; uses Redis at
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379/7) when it answers, for the two-instance figure.
 */
import { startMongoServer } from '@twilio-config/mongo-server';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { FactoryFigures } from './figures';
import { runHttpBenchmarks, type HttpFigures } from './http-benchmarks';
import { printReport } from './report';
import { printTenancyReport, runTenancyBenchmarks } from './tenancy-benchmarks';
import { builtApiMain, reachableRedis } from '@twilio-config/dev-stack';

const FACTORY_TIMEOUT_MS = 150_000;

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

/** factory-benchmarks.ts in a child process that can load the API's sources, with --expose-gc. */
function runFactoryBenchmarks(mongoUri: string, redisUrl: string | null, encryptionKey: string): Promise<FactoryFigures> {
  const databaseUri = new URL(`bench_factory_${randomBytes(4).toString('hex')}`, mongoUri);
  databaseUri.searchParams.set('monitorCommands', 'true');
  const child = fork(path.join(__dirname, 'support/backend-sources.cjs'), [path.join(__dirname, 'factory-benchmarks.ts')], {
    execArgv: ['--expose-gc'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
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
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), FACTORY_TIMEOUT_MS);
    let figures: FactoryFigures | undefined;
    child.on('message', (message: { type: string; figures: FactoryFigures }) => {
      if (message.type === 'figures') figures = message.figures;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (figures) resolve(figures);
      else reject(new Error(`factory benchmarks ended without figures (${signal ?? `exit ${code}`})`));
    });
  });
}


function log(line: string): void {
  process.stdout.write(`bench: ${line}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
