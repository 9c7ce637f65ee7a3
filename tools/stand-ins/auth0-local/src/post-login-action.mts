// Runs the tenant's post-login Action (deploy/auth0/actions/session-claims/code.js, the file the
// Auth0 Deploy CLI deploys) for every access token this provider issues, with `event` and `api`
// objects shaped as Auth0 documents them ("Actions Triggers: post-login - Event Object" and
// "- API Object", https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger).
// So every local sign-in and refresh goes through the production claim path.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { SeedOrganization, SeedUser } from './seed.mjs';

export const DEFAULT_POST_LOGIN_ACTION = fileURLToPath(new URL('../../../../deploy/auth0/actions/session-claims/code.js', import.meta.url));

/**
 * Claims an Action may not set: Auth0 ignores them ("Create Custom Claims", restricted claims,
 * https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims). Notably `auth_time`.
 */
const RESTRICTED_CLAIMS = new Set([
  'acr', 'act', 'active', 'amr', 'at_hash', 'ath', 'aud', 'auth_time', 'authorization_details', 'azp', 'c_hash', 'client_id',
  'cnf', 'cty', 'dpop_jkt', 'exp', 'iat', 'iss', 'jti', 'kid', 'nbf', 'nonce', 'org_id', 'org_name', 'permissions', 'scope',
  'sid', 'sub', 'tenant', 'tid',
]);

type OnExecutePostLogin = (event: PostLoginEvent, api: PostLoginApi) => Promise<void> | void;

export interface PostLoginEvent {
  readonly [property: string]: unknown;
}

interface PostLoginApi {
  access: { deny(reason: string): void };
  accessToken: { setCustomClaim(name: string, value: unknown): void };
  idToken: { setCustomClaim(name: string, value: unknown): void };
}

/** What one run of the Action asked for. */
export interface PostLoginOutcome {
  /** The reason given to `api.access.deny`, when the Action denied. */
  denied?: string;
  accessTokenClaims: Record<string, unknown>;
  idTokenClaims: Record<string, unknown>;
  /** Claims the Action tried to set that Auth0 does not allow (ignored, as Auth0 does). */
  ignoredClaims: string[];
}

export interface PostLoginContext {
  user: SeedUser;
  organization: SeedOrganization | undefined;
  clientId: string;
  clientName: string;
  audience: string;
  /** When the user signed in (seconds), or undefined when the grant does not say. */
  authTime: number | undefined;
  /** A refresh-token exchange (`oauth2-refresh-token`) rather than a sign-in. */
  refreshToken?: { id: string; createdAt: number | undefined };
  scopes: string[];
  secrets: Record<string, string>;
  ip: string | undefined;
}

export function loadPostLoginAction(file: string): OnExecutePostLogin {
  const loaded = createRequire(import.meta.url)(file) as { onExecutePostLogin?: unknown };
  if (typeof loaded.onExecutePostLogin !== 'function') throw new Error(`${file} does not export onExecutePostLogin`);
  return loaded.onExecutePostLogin as OnExecutePostLogin;
}

/** The event Auth0 would pass for this sign-in or refresh. */
export function postLoginEvent(context: PostLoginContext): PostLoginEvent {
  const { user, organization } = context;
  const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
  return {
    // The demo users sign in with a password only: one first factor, completed at sign-in.
    authentication: context.authTime === undefined ? undefined : { methods: [{ name: 'pwd', timestamp: iso(context.authTime) }] },
    authorization: { roles: [...user.roles] },
    client: { client_id: context.clientId, name: context.clientName, metadata: {} },
    connection: { id: 'con_auth0local00000', name: 'Username-Password-Authentication', strategy: 'auth0', metadata: {} },
    organization: organization ? { id: organization.id, name: organization.name, display_name: organization.displayName, metadata: {} } : undefined,
    refresh_token: context.refreshToken
      ? { id: context.refreshToken.id, client_id: context.clientId, created_at: context.refreshToken.createdAt === undefined ? undefined : iso(context.refreshToken.createdAt) }
      : undefined,
    request: { ip: context.ip ?? '127.0.0.1', method: context.refreshToken ? 'POST' : 'GET', query: {}, body: {}, geoip: {} },
    resource_server: { identifier: context.audience },
    secrets: { ...context.secrets },
    stats: { logins_count: 1 },
    tenant: { id: 'auth0-local' },
    transaction: {
      protocol: context.refreshToken ? 'oauth2-refresh-token' : 'oidc-basic-profile',
      requested_scopes: [...context.scopes],
    },
    user: {
      user_id: user.id,
      email: user.email,
      email_verified: true,
      name: user.name,
      app_metadata: {},
      user_metadata: {},
    },
  };
}

export async function runPostLoginAction(action: OnExecutePostLogin, event: PostLoginEvent): Promise<PostLoginOutcome> {
  const outcome: PostLoginOutcome = { accessTokenClaims: {}, idTokenClaims: {}, ignoredClaims: [] };
  const setter = (target: Record<string, unknown>) => (name: string, value: unknown) => {
    if (RESTRICTED_CLAIMS.has(name)) outcome.ignoredClaims.push(name);
    else target[name] = value;
  };
  await action(event, {
    access: { deny: (reason: string) => void (outcome.denied ??= reason) },
    accessToken: { setCustomClaim: setter(outcome.accessTokenClaims) },
    idToken: { setCustomClaim: setter(outcome.idTokenClaims) },
  });
  return outcome;
}
