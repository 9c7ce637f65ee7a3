// Where Auth0's behaviour differs from oidc-provider's defaults, adapted before the request
// reaches the provider: /v2/logout's `returnTo`, CORS preflights per client origin, and /userinfo
// accepting the API access token (a JWT whose `aud` includes `{issuer}userinfo`, as Auth0 issues it).
import type { KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';

/** Koa middleware on the provider's context (`provider.use`). */
type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<unknown>) => Promise<unknown>;
import { AUTH0_ROUTES, userClaims } from './configuration.mjs';
import type { Auth0LocalOptions } from './options.mjs';
import type { SeedClient, SeedUser } from './seed.mjs';

/** Routes whose CORS oidc-provider decides per client, but whose preflight it answers for any origin. */
const CLIENT_CORS_ROUTES = new Set<string>([AUTH0_ROUTES.token, AUTH0_ROUTES.revocation, AUTH0_ROUTES.userinfo]);

const CLAIMS_BY_SCOPE: Record<string, readonly string[]> = {
  profile: ['name', 'nickname', 'updated_at'],
  email: ['email', 'email_verified'],
};

export interface CompatInput {
  options: Auth0LocalOptions;
  issuer: string;
  client: SeedClient;
  users: readonly SeedUser[];
  publicKey: KeyObject;
}

export function auth0CompatMiddleware({ options, issuer, client, users, publicKey }: CompatInput): Middleware {
  const usersById = new Map(users.map((user) => [user.id, user]));
  const allowedOrigin = (origin: string): boolean => client.allowedOrigins.includes(origin);

  return async (ctx, next) => {
    if (ctx.path === AUTH0_ROUTES.end_session && ctx.method === 'GET') {
      const query = new URLSearchParams(ctx.querystring);
      const returnTo = query.get('returnTo');
      if (returnTo !== null) {
        query.delete('returnTo');
        query.set('post_logout_redirect_uri', returnTo);
        // Auth0 checks returnTo against the tenant's allowed logout URLs when no client_id is given.
        if (!query.has('client_id')) query.set('client_id', client.clientId);
      }
      query.delete('federated');
      ctx.querystring = query.toString();
      return next();
    }

    if (ctx.method === 'OPTIONS' && CLIENT_CORS_ROUTES.has(ctx.path)) {
      const origin = ctx.get('origin');
      if (origin && !allowedOrigin(origin)) {
        ctx.vary('Origin');
        ctx.status = 403;
        ctx.type = 'text';
        ctx.body = `origin ${origin} is not an allowed web origin of ${client.clientId}`;
        return undefined;
      }
      return next();
    }

    const bearer = /^Bearer\s+([\w-]+\.[\w-]+\.[\w-]+)$/i.exec(ctx.get('authorization'));
    if (ctx.path === AUTH0_ROUTES.userinfo && (ctx.method === 'GET' || ctx.method === 'POST') && bearer) {
      const origin = ctx.get('origin');
      ctx.vary('Origin');
      if (origin && allowedOrigin(origin)) ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('cache-control', 'no-store');
      const unauthorized = (description: string): void => {
        ctx.status = 401;
        ctx.set('WWW-Authenticate', `Bearer realm="${issuer}", error="invalid_token", error_description="${description}"`);
        ctx.body = { error: 'invalid_token', error_description: description };
      };
      try {
        const { payload } = await jwtVerify(bearer[1], publicKey, {
          issuer,
          audience: `${issuer}userinfo`,
          algorithms: ['RS256'],
        });
        const user = typeof payload.sub === 'string' ? usersById.get(payload.sub) : undefined;
        if (!user) return unauthorized('unknown subject');
        const scopes = typeof payload['scope'] === 'string' ? payload['scope'].split(' ') : [];
        const all = userClaims(user, options);
        const granted = new Set(['sub', options.orgClaim, options.rolesClaim, ...scopes.flatMap((scope) => CLAIMS_BY_SCOPE[scope] ?? [])]);
        ctx.status = 200;
        ctx.body = Object.fromEntries(Object.entries(all).filter(([claim]) => granted.has(claim)));
      } catch (error) {
        unauthorized((error as Error).message.replaceAll('"', "'"));
      }
      return undefined;
    }

    return next();
  };
}
