// Starts the local Auth0 CLI as a child process from CommonJS code (the `npm start` orchestrator,
// jest and Playwright set-ups): oidc-provider is ESM-only and runs in its own Node process.
import { lineMatching, probe, startSupervised, type ReadinessCheck } from '@twilio-config/process-supervisor';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface StartAuth0LocalOptions {
  /** Default 4100; 0 picks a free port (read `issuer` / `domain` from the result). */
  port?: number;
  /** Default 127.0.0.1 (the console runs on localhost, so the two never share cookies). */
  host?: string;
  publicUrl?: string;
  /** Default https://twilio-config-api */
  audience?: string;
  /** Default twilio-config-console (from seed/users.json), as are the URIs and origins below. */
  clientId?: string;
  /** Default http://localhost:4200 */
  redirectUris?: string[];
  /** Default http://localhost:4200 and http://localhost:4200/ */
  postLogoutRedirectUris?: string[];
  /** Web origins allowed to call /oauth/token (CORS). Default http://localhost:4200 */
  allowedOrigins?: string[];
  /** Default https://twilio-config/roles */
  rolesClaim?: string;
  /** Default org_id */
  orgClaim?: string;
  /** Default https://twilio-config/auth_time (what the post-login Action sets) */
  sessionStartClaim?: string;
  /** The post-login Action file to run; default deploy/auth0/actions/session-claims/code.js */
  postLoginAction?: string;
  /** Default 10 */
  sessionMaxHours?: number;
  /** For tests: the session maximum in seconds, overriding sessionMaxHours. */
  sessionMaxSeconds?: number;
  /** Default 3600 */
  accessTokenTtlSeconds?: number;
  seedFile?: string;
  /** Receives every line the provider prints (its banner lists the demo users). */
  onOutput?: (line: string) => void;
  /** Default 30 000 ms. */
  startTimeoutMs?: number;
  /** The child's environment; default this process's. Options above win over AUTH0_* variables in it. */
  env?: NodeJS.ProcessEnv;
}

export interface Auth0Local {
  /** `http://127.0.0.1:4100/`: the tokens' `iss`, with the trailing slash (AUTH0_ISSUER_URL). */
  issuer: string;
  /** `http://127.0.0.1:4100`: auth0-spa-js's `domain` option. */
  domain: string;
  clientId: string;
  audience: string;
  stop(): Promise<void>;
}

type ProviderOption = Exclude<keyof StartAuth0LocalOptions, 'onOutput' | 'startTimeoutMs' | 'env'>;

/** The CLI's flags (tools/stand-ins/auth0-local/src/options.mts). */
const FLAGS: Record<ProviderOption, string> = {
  port: 'port',
  host: 'host',
  publicUrl: 'public-url',
  audience: 'audience',
  clientId: 'client-id',
  redirectUris: 'redirect-uris',
  postLogoutRedirectUris: 'post-logout-redirect-uris',
  allowedOrigins: 'allowed-origins',
  rolesClaim: 'roles-claim',
  orgClaim: 'org-claim',
  sessionStartClaim: 'session-start-claim',
  postLoginAction: 'post-login-action',
  sessionMaxHours: 'session-max-hours',
  sessionMaxSeconds: 'session-max-seconds',
  accessTokenTtlSeconds: 'access-token-ttl-seconds',
  seedFile: 'seed',
};

const READY_MARKER = 'AUTH0_LOCAL_READY ';
const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
const MAIN = path.join(__dirname, 'main.mts');
export const DEFAULT_SEED_FILE = path.join(__dirname, '..', 'seed', 'users.json');

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  password: string;
  orgId: string;
  roles: string[];
}

/** The demo users of a seed file (default seed/users.json), e.g. for a start-up banner or browser tests. */
export function readDemoUsers(seedFile = DEFAULT_SEED_FILE): DemoUser[] {
  return (JSON.parse(readFileSync(seedFile, 'utf8')) as { users: DemoUser[] }).users;
}

export function auth0LocalArgs(options: StartAuth0LocalOptions): string[] {
  return (Object.keys(FLAGS) as ProviderOption[]).flatMap((key) => {
    const value = options[key];
    if (value === undefined) return [];
    return [`--${FLAGS[key]}`, Array.isArray(value) ? value.join(',') : String(value)];
  });
}

/** The repository's own Node 24 when installed, whatever Node runs the caller. */
function nodeBinary(): string {
  const local = path.join(WORKSPACE_ROOT, 'node_modules', 'node', 'bin', 'node');
  return existsSync(local) ? local : process.execPath;
}

export async function startAuth0Local(options: StartAuth0LocalOptions = {}): Promise<Auth0Local> {
  const tsxLoader = pathToFileURL(require.resolve('tsx', { paths: [WORKSPACE_ROOT] })).href;
  const { process: provider, ready } = await startSupervised(
    {
      name: 'auth0-local',
      command: nodeBinary(),
      args: ['--import', tsxLoader, MAIN, ...auth0LocalArgs({ port: 4100, ...options })],
      cwd: WORKSPACE_ROOT,
      env: options.env ?? process.env,
      onLine: options.onOutput,
      readyTimeoutMs: options.startTimeoutMs ?? 30_000,
    },
    providerReady(),
  );
  return { ...ready, stop: async () => void (await provider.stop()) };
}

/** Ready once the provider printed where it listens and its discovery document names that issuer. */
function providerReady(): ReadinessCheck<Omit<Auth0Local, 'stop'>> {
  const announced = lineMatching(new RegExp(`^${READY_MARKER}(.+)$`));
  return {
    description: `${READY_MARKER.trim()} and its discovery document`,
    wait: async (context) => {
      const started = JSON.parse((await announced.wait(context))[1]) as Omit<Auth0Local, 'stop'>;
      const discovery = probe('discovery', async (signal) => {
        const response = await fetch(`${started.issuer}.well-known/openid-configuration`, { signal });
        return response.ok && ((await response.json()) as { issuer?: string }).issuer === started.issuer ? started : undefined;
      }, 100);
      return discovery.wait(context);
    },
  };
}

// Other projects' tests sign in through the provider without a browser.
export { refreshTokens, signIn, type SignInOptions, type TokenSet } from './sign-in-flow';
