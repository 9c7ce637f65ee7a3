// Options of the local Auth0: CLI flags win over environment variables, which win over defaults.
// Names of variables the product's contract already defines (AUTH0_AUDIENCE, SESSION_MAX_HOURS …)
// are reused so one environment configures the API and its local identity provider alike.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POST_LOGIN_ACTION } from './post-login-action.mjs';

export interface Auth0LocalOptions {
  port: number;
  host: string;
  /** Public origin when it differs from `http://{host}:{port}` (e.g. behind a proxy); the issuer is this plus `/`. */
  publicUrl?: string;
  audience: string;
  /** Override the seed client's id / URIs; undefined keeps the seed's values. */
  clientId?: string;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  allowedOrigins?: string[];
  rolesClaim: string;
  orgClaim: string;
  /** The claim the post-login Action sets to the sign-in time (the Action's secret SESSION_START_CLAIM). */
  sessionStartClaim: string;
  /** The post-login Action to run for every access token: by default the one the tenant deploys. */
  postLoginAction: string;
  sessionMaxHours: number;
  /** Hidden, for tests: a session maximum in seconds, overriding `sessionMaxHours`. */
  sessionMaxSeconds?: number;
  accessTokenTtlSeconds: number;
  seedFile: string;
}

export const DEFAULT_SEED_FILE = fileURLToPath(new URL('../seed/users.json', import.meta.url));

export const DEFAULT_OPTIONS: Auth0LocalOptions = {
  port: 4100,
  host: '127.0.0.1',
  audience: 'https://twilio-config-api',
  rolesClaim: 'https://twilio-config/roles',
  orgClaim: 'org_id',
  sessionStartClaim: 'https://twilio-config/auth_time',
  postLoginAction: DEFAULT_POST_LOGIN_ACTION,
  sessionMaxHours: 10,
  accessTokenTtlSeconds: 3600,
  seedFile: DEFAULT_SEED_FILE,
};

/** One flag per option: `--name` on the command line, `env` as the fallback variable. */
const FLAGS = {
  port: { flag: 'port', env: 'AUTH0_LOCAL_PORT', kind: 'integer' },
  host: { flag: 'host', env: 'AUTH0_LOCAL_HOST', kind: 'string' },
  publicUrl: { flag: 'public-url', env: 'AUTH0_LOCAL_PUBLIC_URL', kind: 'url' },
  audience: { flag: 'audience', env: 'AUTH0_AUDIENCE', kind: 'string' },
  clientId: { flag: 'client-id', env: 'AUTH0_CLIENT_ID', kind: 'string' },
  redirectUris: { flag: 'redirect-uris', env: 'AUTH0_LOCAL_REDIRECT_URIS', kind: 'urls' },
  postLogoutRedirectUris: { flag: 'post-logout-redirect-uris', env: 'AUTH0_LOCAL_POST_LOGOUT_REDIRECT_URIS', kind: 'urls' },
  allowedOrigins: { flag: 'allowed-origins', env: 'AUTH0_LOCAL_ALLOWED_ORIGINS', kind: 'urls' },
  rolesClaim: { flag: 'roles-claim', env: 'AUTH0_ROLES_CLAIM', kind: 'string' },
  orgClaim: { flag: 'org-claim', env: 'AUTH0_ORG_CLAIM', kind: 'string' },
  sessionStartClaim: { flag: 'session-start-claim', env: 'AUTH0_SESSION_START_CLAIM', kind: 'string' },
  postLoginAction: { flag: 'post-login-action', env: 'AUTH0_LOCAL_POST_LOGIN_ACTION', kind: 'string' },
  sessionMaxHours: { flag: 'session-max-hours', env: 'SESSION_MAX_HOURS', kind: 'positive' },
  sessionMaxSeconds: { flag: 'session-max-seconds', env: 'AUTH0_LOCAL_SESSION_MAX_SECONDS', kind: 'positive' },
  accessTokenTtlSeconds: { flag: 'access-token-ttl-seconds', env: 'AUTH0_LOCAL_ACCESS_TOKEN_TTL_SECONDS', kind: 'integer' },
  seedFile: { flag: 'seed', env: 'AUTH0_LOCAL_SEED', kind: 'string' },
} as const satisfies Record<keyof Auth0LocalOptions, { flag: string; env: string; kind: string }>;

export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

export const USAGE = `Usage: tsx tools/stand-ins/auth0-local/src/main.mts [options]

A local Auth0-compatible OpenID Provider (oidc-provider) with demo users.

Options (environment variable in brackets):
${Object.entries(FLAGS)
  .filter(([key]) => key !== 'sessionMaxSeconds')
  .map(([key, { flag, env }]) => {
    const fallback = (DEFAULT_OPTIONS as unknown as Record<string, unknown>)[key];
    const shown =
      key === 'publicUrl'
        ? 'http://{host}:{port}'
        : key === 'seedFile'
          ? 'tools/stand-ins/auth0-local/seed/users.json'
          : key === 'postLoginAction'
            ? 'deploy/auth0/actions/session-claims/code.js'
            : (fallback ?? 'the seed client\'s');
    return `  --${flag.padEnd(27)} [${env}] default: ${String(shown)}`;
  })
  .join('\n')}
  --help                        this text
Lists are comma-separated. Port 0 picks a free port.`;

function parseValue(key: string, kind: string, raw: string): unknown {
  const name = FLAGS[key as keyof typeof FLAGS];
  const label = `--${name.flag} (${name.env})`;
  const value = raw.trim();
  switch (kind) {
    case 'integer': {
      const parsed = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) throw new OptionsError(`${label} must be a whole number, got "${raw}"`);
      if (key === 'port' && parsed > 65535) throw new OptionsError(`${label} must be 0-65535, got "${raw}"`);
      if (key === 'accessTokenTtlSeconds' && parsed < 1) throw new OptionsError(`${label} must be at least 1, got "${raw}"`);
      return parsed;
    }
    case 'positive': {
      const parsed = Number(value);
      if (value === '' || !Number.isFinite(parsed) || parsed <= 0) throw new OptionsError(`${label} must be a positive number, got "${raw}"`);
      return parsed;
    }
    case 'url':
      assertUrl(label, value);
      return value.replace(/\/+$/, '');
    case 'urls': {
      const list = value.split(',').map((item) => item.trim()).filter(Boolean);
      if (list.length === 0) throw new OptionsError(`${label} must list at least one URL`);
      list.forEach((item) => assertUrl(label, item));
      return list;
    }
    default:
      if (value === '') throw new OptionsError(`${label} must not be empty`);
      return value;
  }
}

function assertUrl(label: string, value: string): void {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new OptionsError(`${label} must be an http(s) URL, got "${value}"`);
  }
}

/** Reads argv (without node and script) and the environment; throws OptionsError naming the bad one. */
export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): Auth0LocalOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      help: { type: 'boolean' },
      ...Object.fromEntries(Object.values(FLAGS).map(({ flag }) => [flag, { type: 'string' as const }])),
    },
    strict: true,
    allowPositionals: false,
  });
  if (values['help']) return 'help';

  const options: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  for (const [key, { flag, env: envName, kind }] of Object.entries(FLAGS)) {
    const fromFlag = (values as Record<string, string | boolean | undefined>)[flag];
    const raw = typeof fromFlag === 'string' ? fromFlag : env[envName];
    if (raw !== undefined && raw !== '') options[key] = parseValue(key, kind, raw);
  }
  return options as unknown as Auth0LocalOptions;
}
