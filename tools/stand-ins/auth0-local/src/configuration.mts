// oidc-provider configured to answer the way an Auth0 tenant does for a single-page app with an
// API audience, Organizations and a roles Action (see TOOLCHAIN.md, "A local Auth0 on oidc-provider").
import { randomBytes } from 'node:crypto';
import {
  errors,
  type Account,
  type Client,
  type ClientMetadata,
  type Configuration,
  type AccessToken,
  type ClientCredentials,
  type JWTStructured,
  type RefreshToken,
  type KoaContextWithOIDC as KoaContext,
  type ResourceServer,
  type Session,
} from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import type { Auth0LocalOptions } from './options.mjs';
import { errorPage, logoutPage, signedOutPage } from './pages.mjs';
import { loadPostLoginAction, postLoginEvent, runPostLoginAction } from './post-login-action.mjs';
import type { SeedClient, SeedOrganization, SeedUser } from './seed.mjs';

/** Auth0 paths, hard-coded in auth0-spa-js (`${domain}/authorize`, `/oauth/token`, `/v2/logout` …). */
export const AUTH0_ROUTES = {
  authorization: '/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  jwks: '/.well-known/jwks.json',
  end_session: '/v2/logout',
  userinfo: '/userinfo',
} as const;

/** Granted for the API too, so its token's `scope` reads as Auth0's and /userinfo accepts it. */
const API_SCOPES = 'openid profile email';
const CLOCK_TOLERANCE_SECONDS = 5;
/** Auth0's default ID token lifetime. */
const AUTH0_ID_TOKEN_TTL_SECONDS = 36_000;

export interface ConfigurationInput {
  options: Auth0LocalOptions;
  issuer: string;
  client: SeedClient;
  users: readonly SeedUser[];
  organizations: readonly SeedOrganization[];
  signingJwk: object;
}

export function sessionMaxSeconds(options: Auth0LocalOptions): number {
  return Math.max(1, Math.floor(options.sessionMaxSeconds ?? options.sessionMaxHours * 3600));
}

/** The demo profiles do not change while the provider runs. */
const PROFILES_UPDATED_AT = new Date().toISOString();

/** The profile Auth0 returns for a database user, plus the Organizations and roles-Action claims. */
export function userClaims(user: SeedUser, options: Auth0LocalOptions): { sub: string } & Record<string, unknown> {
  return {
    sub: user.id,
    name: user.name,
    nickname: user.email.split('@')[0],
    email: user.email,
    email_verified: true,
    updated_at: PROFILES_UPDATED_AT,
    [options.orgClaim]: user.orgId,
    [options.rolesClaim]: [...user.roles],
  };
}

export function buildConfiguration({ options, issuer, client, users, organizations, signingJwk }: ConfigurationInput): Configuration {
  const usersById = new Map(users.map((user) => [user.id, user]));
  const organizationsById = new Map(organizations.map((organization) => [organization.id, organization]));
  const postLoginAction = loadPostLoginAction(options.postLoginAction);
  const maxSeconds = sessionMaxSeconds(options);
  const now = (): number => Math.floor(Date.now() / 1000);
  // Every lifetime ends with the session: at most SESSION_MAX_HOURS after the sign-in (auth_time).
  const untilSessionEnd = (authTime: number | undefined, wanted = maxSeconds): number =>
    Math.max(1, Math.min(wanted, authTime === undefined ? maxSeconds : authTime + maxSeconds - now()));
  const authTimeOf = (ctx: KoaContext | undefined): number | undefined =>
    ctx?.oidc?.entities.AuthorizationCode?.authTime ?? ctx?.oidc?.entities.RefreshToken?.authTime;

  const clientMetadata: ClientMetadata = {
    client_id: client.clientId,
    client_name: client.name,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
  };

  return {
    // Deliberately in memory (the library's own store, named so it does not warn): a restart
    // signs everyone out, as a new signing key does anyway.
    adapter: createMemoryAdapter(CLOCK_TOLERANCE_SECONDS),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    clients: [clientMetadata],
    jwks: { keys: [signingJwk] },
    cookies: {
      keys: [randomBytes(32).toString('base64url')],
      // Distinct names: the console may share this host's cookie jar (cookies ignore ports).
      names: { session: '_auth0_local_session', interaction: '_auth0_local_interaction', resume: '_auth0_local_resume' },
    },
    routes: AUTH0_ROUTES,
    // spa-js sends `audience` (Auth0's name for the API) rather than RFC 8707 `resource`.
    extraParams: ['audience'],
    claims: {
      openid: ['sub', options.orgClaim, options.rolesClaim],
      profile: ['name', 'nickname', 'updated_at'],
      email: ['email', 'email_verified'],
    },
    // Auth0 puts the profile in the ID token, where spa-js's getUser() reads it.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: KoaContext, _client: Client, oneOf?: readonly string[]) => {
          if (oneOf) return oneOf.includes(options.audience) ? options.audience : oneOf[0];
          const audience = ctx.oidc.params?.['audience'];
          return typeof audience === 'string' && audience !== '' ? audience : undefined;
        },
        // spa-js sends no audience to /oauth/token: the token is for the API the user authorized.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContext, resource: string): ResourceServer => {
          if (resource !== options.audience) throw new errors.InvalidTarget(`Service not found: ${resource}`);
          return {
            scope: API_SCOPES,
            audience: options.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: options.accessTokenTtlSeconds,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContext, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: (ctx: KoaContext) => {
          ctx.type = 'html';
          ctx.body = signedOutPage();
        },
      },
    },
    // oidc-provider drops `offline_access` unless prompt=consent, which spa-js never sends, so
    // it cannot tell whether it was asked for: issue one to every client allowed the grant.
    issueRefreshToken: (_ctx: KoaContext, client: Client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // As on Auth0, logging out does not revoke refresh tokens; SESSION_MAX_HOURS still ends them.
    expiresWithSession: () => false,
    clientBasedCORS: (_ctx: KoaContext, origin: string) => client.allowedOrigins.includes(origin),
    findAccount: (_ctx: KoaContext, sub: string): Account | undefined => {
      const user = usersById.get(sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: () => userClaims(user, options) };
    },
    // As on Auth0: Organizations put org_id in the access token, the post-login Action the rest
    // (roles, session start). auth_time is not an access-token claim on Auth0, nor here.
    extraTokenClaims: async (ctx: KoaContext | undefined, token: AccessToken | ClientCredentials) => {
      const user = token.kind === 'AccessToken' && token.accountId ? usersById.get(token.accountId) : undefined;
      if (!user) return undefined;
      const refreshToken = ctx?.oidc?.params?.['grant_type'] === 'refresh_token' ? ctx.oidc.entities.RefreshToken : undefined;
      const event = postLoginEvent({
        user,
        organization: organizationsById.get(user.orgId),
        clientId: client.clientId,
        clientName: client.name,
        audience: options.audience,
        authTime: authTimeOf(ctx),
        refreshToken: refreshToken ? { id: refreshToken.jti ?? 'unknown', createdAt: refreshToken.iat } : undefined,
        scopes: [...token.scopes],
        secrets: { ROLES_CLAIM: options.rolesClaim, SESSION_START_CLAIM: options.sessionStartClaim },
        ip: ctx?.ip,
      });
      const outcome = await runPostLoginAction(postLoginAction, event);
      if (outcome.denied !== undefined) throw new errors.AccessDenied(outcome.denied);
      return { ...outcome.accessTokenClaims, [options.orgClaim]: user.orgId };
    },
    formats: {
      customizers: {
        // Auth0's access token: `typ: JWT`, `azp`, and the userinfo audience next to the API's.
        jwt: (_ctx: KoaContext | undefined, token: AccessToken | ClientCredentials, jwt: JWTStructured) => {
          jwt.header = { typ: 'JWT' };
          jwt.payload['azp'] = token.clientId;
          if (token.scopes.has('openid') && typeof jwt.payload['aud'] === 'string') {
            jwt.payload['aud'] = [jwt.payload['aud'], `${issuer}userinfo`];
          }
        },
      },
    },
    ttl: {
      AccessToken: (ctx: KoaContext | undefined) => untilSessionEnd(authTimeOf(ctx), options.accessTokenTtlSeconds),
      AuthorizationCode: 60,
      IdToken: () => Math.min(AUTH0_ID_TOKEN_TTL_SECONDS, maxSeconds),
      RefreshToken: (_ctx: KoaContext | undefined, token: RefreshToken) => untilSessionEnd(token.authTime),
      Session: (_ctx: KoaContext | undefined, session: Session) => untilSessionEnd(session.loginTs),
      Grant: maxSeconds,
      Interaction: 3600,
    },
    renderError: (ctx: KoaContext, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = errorPage(out.error, out.error_description);
    },
  };
}
