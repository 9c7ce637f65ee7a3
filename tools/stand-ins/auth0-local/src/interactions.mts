// The sign-in page (oidc-provider's "login" prompt) and the consent Auth0 grants by itself to
// first-party applications (the "consent" prompt, answered without asking).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errors, type Interaction as InteractionDetails, type KoaContextWithOIDC as KoaContext, type Provider } from 'oidc-provider';

/** Koa middleware on the provider's context (`provider.use`). */
type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<unknown>;
import { errorPage, loginPage } from './pages.mjs';
import type { Seed, SeedClient, SeedUser } from './seed.mjs';

const INTERACTION_PATH = /^\/interaction\/([\w-]+)(\/login)?$/;
const MAX_FORM_BYTES = 16 * 1024;

export function interactionsMiddleware(provider: Provider, seed: Seed, client: SeedClient): Middleware {
  const answer = async (ctx: KoaContext, uid: string, loginAction: boolean): Promise<void> => {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.uid !== uid) return render(ctx, 400, errorPage('This sign-in request does not match the current one'));

    const loginForm = (status: number, username: string | undefined, error?: string): void =>
      render(
        ctx,
        status,
        loginPage({ action: `/interaction/${uid}/login`, clientName: client.name, users: seed.users, organizations: seed.organizations, username, error }),
      );

    if (details.prompt.name === 'consent' && ctx.method === 'GET' && !loginAction) {
      return finish(ctx, provider, { consent: { grantId: await grantAll(provider, details) } }, true);
    }
    if (details.prompt.name !== 'login') return render(ctx, 400, errorPage(`Unexpected interaction "${details.prompt.name}"`));

    if (ctx.method === 'GET' && !loginAction) {
      const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
      return loginForm(200, hint);
    }
    if (ctx.method !== 'POST' || !loginAction) return render(ctx, 405, errorPage('Method not allowed'));

    const form = await readForm(ctx.req);
    const username = form.get('username')?.trim() ?? '';
    const user = authenticate(seed.users, username, form.get('password') ?? '');
    if (!user) return loginForm(401, username, 'Wrong email or password.');
    return finish(ctx, provider, { login: { accountId: user.id } }, false);
  };

  return async (ctx, next) => {
    const match = INTERACTION_PATH.exec(ctx.path);
    if (!match) return next();
    ctx.set('cache-control', 'no-store');
    try {
      return await answer(ctx, match[1], match[2] !== undefined);
    } catch (error) {
      if (!(error instanceof errors.SessionNotFound)) throw error;
      return render(ctx, 400, errorPage('This sign-in request has expired or was already used'));
    }
  };
}

function authenticate(users: readonly SeedUser[], username: string, password: string): SeedUser | undefined {
  const user = users.find((candidate) => candidate.email.toLowerCase() === username.toLowerCase());
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  // Compare digests in constant time even for an unknown user, as a real login page would.
  const matches = timingSafeEqual(digest(user?.password ?? '\u0000'), digest(password));
  return user && matches ? user : undefined;
}

/** Auth0 does not ask a first-party application's users for consent: grant what was requested. */
async function grantAll(provider: Provider, details: InteractionDetails): Promise<string> {
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params['client_id']) });
  if (!grant) throw new errors.SessionNotFound('grant not found');
  // The prompt details oidc-provider documents for the consent prompt (typed loosely by @types/oidc-provider).
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = details.prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) {
    grant.addResourceScope(resource, scopes.join(' '));
  }
  return grant.save();
}

async function finish(
  ctx: KoaContext,
  provider: Provider,
  result: Parameters<Provider['interactionResult']>[2],
  mergeWithLastSubmission: boolean,
): Promise<void> {
  const location = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission });
  ctx.status = 303;
  ctx.redirect(location);
}

function render(ctx: KoaContext, status: number, html: string): void {
  ctx.status = status;
  ctx.type = 'html';
  ctx.body = html;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw Object.assign(new Error('form too large'), { status: 413, expose: true });
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
