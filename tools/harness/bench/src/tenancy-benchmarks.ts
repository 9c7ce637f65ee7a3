import autocannon, { type Options } from 'autocannon';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startLocalIdentity, WORKSPACE_ROOT } from '@twilio-config/dev-stack';
import { describeExit, superviseProcess } from '@twilio-config/process-supervisor';
import { percentile } from './stats';

/** Requests a second of each route, measured in alternating rounds so both see the same machine. */
export interface TenancyFigures {
  current: number[];
  byHand: number[];
  /** Answers other than 200 (or errors) across every measured round of both routes. */
  failures: number;
}

const CONNECTIONS = 50;
const WARM_UP_SECONDS = 2;
const ROUND_SECONDS = 3;
const ROUNDS = 4;
const GOAL = 0.9;
const START_TIMEOUT_MS = 60_000;

/**
 * A route whose provider three levels down uses CurrentOrganizationTwilio against the same route
 * passing orgId by hand (tenancy-route-server.ts), both behind the API's real guards with an RS256
 * token from the local identity provider, in one run.
 */
export async function runTenancyBenchmarks(options: { mongoUri: string; encryptionKey: string }): Promise<TenancyFigures> {
  const orgId = `org_bt${randomBytes(4).toString('hex')}000000`;
  const identity = await startLocalIdentity([orgId]);
  const bench = path.join(WORKSPACE_ROOT, 'backend/bench');
  // Under @swc-node/register, as the factory benchmarks run: SWC with the decorator metadata Nest needs.
  const server = superviseProcess({
    name: 'tenancy route server',
    command: process.execPath,
    args: ['--require', '@swc-node/register', path.join(bench, 'tenancy-route-server.ts')],
    cwd: WORKSPACE_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SWC_NODE_PROJECT: path.join(bench, 'tsconfig.json'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      MONGODB_URI: new URL(`bench_tenancy_${randomBytes(4).toString('hex')}`, options.mongoUri).toString(),
      AUTH0_ISSUER_URL: identity.issuer,
      AUTH0_AUDIENCE: identity.audience,
      CREDENTIALS_ENCRYPTION_KEY: options.encryptionKey,
      PUBLIC_BASE_URL: 'https://api.bench.example',
      // Both routes only read the cached client: the deployment's account stands in, Twilio is never called.
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      TWILIO_ENV_FALLBACK: 'true',
      TWILIO_ACCOUNT_SID: `AC${randomBytes(16).toString('hex')}`,
      TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
      TWILIO_FROM_MAIN: '+61400000002',
    },
    ipc: true,
    output: 'plain',
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the tenancy route server did not start')), START_TIMEOUT_MS);
      server.child.once('message', (message: { type: string; url: string }) => {
        clearTimeout(timer);
        if (message.type === 'listening') resolve(message.url.replace('[::1]', '127.0.0.1'));
      });
      void server.exited.then((status) => {
        clearTimeout(timer);
        reject(new Error(`the tenancy route server exited (${describeExit(status)})`));
      });
    });
    const headers = { Authorization: `Bearer ${await identity.accessToken(orgId)}` };
    const routes = { current: `${url}/bench/tenancy/current`, byHand: `${url}/bench/tenancy/by-hand` };
    const figures: TenancyFigures = { current: [], byHand: [], failures: 0 };
    for (const route of Object.values(routes)) await autocannon({ url: route, headers, connections: CONNECTIONS, duration: WARM_UP_SECONDS });
    for (let round = 0; round < ROUNDS; round += 1) {
      // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
      const order = round % 2 === 0 ? (['current', 'byHand'] as const) : (['byHand', 'current'] as const);
      for (const name of order) {
        const result = await autocannon({ url: routes[name], headers, connections: CONNECTIONS, duration: ROUND_SECONDS } satisfies Options);
        figures[name].push(result.requests.average);
        figures.failures += result.requests.total - (result.statusCodeStats?.['200']?.count ?? 0) + result.errors + result.timeouts;
      }
    }
    return figures;
  } finally {
    await server.stop();
    await identity.stop();
  }
}

/** Its row of the report: the ratio of the two routes' throughput, with the goal marked. */
export function printTenancyReport(figures: TenancyFigures): void {
  // Each round measures both routes back to back: the median of the rounds' ratios leaves out a round
  // in which something else on the machine slowed one of them down.
  const ratio = percentile(figures.current.map((current, round) => current / figures.byHand[round]), 50);
  const met = ratio >= GOAL && figures.failures === 0;
  const rounds = (values: number[]) => values.map((value) => Math.round(value).toLocaleString('en')).join(' / ');
  process.stdout.write(
    `CurrentOrganizationTwilio route vs orgId by hand (RS256 token, ${ROUNDS} alternating rounds of ${ROUND_SECONDS} s, ${CONNECTIONS} connections)\n` +
      `  ${met ? 'PASS' : 'MISS'}  goal ≥ ${GOAL} of by hand  ratio ${ratio.toFixed(3)} (median of the rounds): ` +
      `${rounds(figures.current)} req/s with it, ${rounds(figures.byHand)} req/s by hand; ${figures.failures} non-200/errors\n\n`,
  );
}
