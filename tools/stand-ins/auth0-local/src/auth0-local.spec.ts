import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAuth0Local, type Auth0Local } from './launch';
import {
  authorizeWithPassword,
  beginAuthorization,
  FakeBrowser,
  loginFormAction,
  refreshTokens,
  signIn,
  tokenRequest,
  type Page,
  type SignInOptions,
  type TokenSet,
} from './sign-in-flow';

const CONSOLE = 'http://localhost:4200';
const AUDIENCE = 'https://twilio-config-api';
const ROLES_CLAIM = 'https://twilio-config/roles';
const SESSION_START_CLAIM = 'https://twilio-config/auth_time';
const ANA = { username: 'ana.support@acme.example.com', password: 'ana-demo' };
const BEN = { username: 'ben.support@globex.example.com', password: 'ben-demo' };
const CARLA = { username: 'carla.viewer@acme.example.com', password: 'carla-demo' };
const ORG_A = 'org_A1b2C3d4E5f6G7h8';
const ORG_B = 'org_B2c3D4e5F6g7H8i9';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint: string;
  end_session_endpoint: string;
  code_challenge_methods_supported: string[];
}

/** The hidden fields and action of a page's first form (the logout hand-off auto-submits it). */
function formOf(page: Page): { action: URL; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page.html);
  if (!form) throw new Error(`no form on ${page.url.href}: ${page.html.slice(0, 300)}`);
  const fields = Object.fromEntries(
    [...form[2].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)].map(([, name, value]) => [name, value]),
  );
  return { action: new URL(form[1], page.url), fields };
}

describe('auth0-local', () => {
  let sut: Auth0Local;
  let discovery: Discovery;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  let client: Omit<SignInOptions, 'username' | 'password'>;

  const verifyAccessToken = async (token: string): Promise<JWTPayload> =>
    (await jwtVerify(token, jwks, { issuer: sut.issuer, audience: AUDIENCE, algorithms: ['RS256'] })).payload;

  beforeAll(async () => {
    sut = await startAuth0Local({ port: 0 });
    discovery = (await (await fetch(`${sut.issuer}.well-known/openid-configuration`)).json()) as Discovery;
    jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    client = { domain: sut.domain, clientId: sut.clientId, redirectUri: CONSOLE, audience: AUDIENCE, origin: CONSOLE };
  });

  afterAll(async () => {
    await sut?.stop();
  });

  describe('discovery', () => {
    it('names the issuer with a trailing slash and the endpoints at Auth0 paths', () => {
      expect(sut.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(sut.domain).toBe(sut.issuer.slice(0, -1));
      expect(discovery).toMatchObject({
        issuer: sut.issuer,
        authorization_endpoint: `${sut.domain}/authorize`,
        token_endpoint: `${sut.domain}/oauth/token`,
        jwks_uri: `${sut.domain}/.well-known/jwks.json`,
        userinfo_endpoint: `${sut.domain}/userinfo`,
        end_session_endpoint: `${sut.domain}/v2/logout`,
      });
      expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    });

    it('publishes only public RS256 signing keys', async () => {
      const { keys } = (await (await fetch(discovery.jwks_uri)).json()) as { keys: Record<string, string>[] };
      expect(keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
      expect(keys[0]).not.toHaveProperty('d');
    });
  });

  describe('sign-in page', () => {
    it('shows a labelled form with stable field names and the demo users with their passwords', async () => {
      const outcome = await beginAuthorization({ ...client });
      expect(outcome.page!.status).toBe(200);
      const { html } = outcome.page!;
      expect(html).toContain('<label for="username">');
      expect(html).toContain('name="username"');
      expect(html).toContain('<label for="password">');
      expect(html).toContain('name="password"');
      expect(html).toMatch(/<button type="submit">Sign in<\/button>/);
      for (const user of [ANA, BEN, CARLA]) {
        expect(html).toContain(user.username);
        expect(html).toContain(user.password);
      }
      expect(html).toContain(ORG_A);
      expect(html).toContain(ORG_B);
    });
  });

  describe('authorization code + PKCE with an audience', () => {
    let tokens: TokenSet;

    beforeAll(async () => {
      ({ tokens } = await signIn({ ...client, ...ANA }));
    });

    it('issues an RS256 JWT access token for the API, as Auth0 with Organizations and the post-login Action does', async () => {
      const header = decodeProtectedHeader(tokens.access_token);
      const payload = await verifyAccessToken(tokens.access_token);

      expect(header).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
      expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(payload).toMatchObject({
        iss: sut.issuer,
        sub: expect.stringMatching(/^auth0\|/),
        org_id: ORG_A,
        [ROLES_CLAIM]: ['support'],
        azp: sut.clientId,
      });
      expect(payload.aud).toEqual([AUDIENCE, `${sut.issuer}userinfo`]);
      // Auth0 access tokens carry no auth_time; the Action (deploy/auth0) sets the session start.
      expect(payload).not.toHaveProperty('auth_time');
      expect(payload[SESSION_START_CLAIM]).toEqual(expect.any(Number));
      expect(payload[SESSION_START_CLAIM]).toBeLessThanOrEqual(payload.iat!);
      expect(payload.iat! - (payload[SESSION_START_CLAIM] as number)).toBeLessThan(60);
      expect(payload.exp! - payload.iat!).toBe(3600);
    });

    it('issues an ID token with the profile where auth0-spa-js reads it', async () => {
      const { payload } = await jwtVerify(tokens.id_token, jwks, { issuer: sut.issuer, audience: sut.clientId });
      expect(payload).toMatchObject({ name: 'Ana Support', email: ANA.username, email_verified: true, org_id: ORG_A });
    });

    it('rotates the refresh token; reusing an old one fails and revokes the rotated one too', async () => {
      const first = await signIn({ ...client, ...ANA });
      const original = first.tokens.refresh_token!;
      const before = await verifyAccessToken(first.tokens.access_token);

      const refreshed = await refreshTokens(client, original);
      expect(refreshed.status).toBe(200);
      const rotated = (await refreshed.json()) as TokenSet;
      expect(rotated.refresh_token).toEqual(expect.any(String));
      expect(rotated.refresh_token).not.toBe(original);
      const after = await verifyAccessToken(rotated.access_token);
      expect(after).toMatchObject({ sub: before.sub, org_id: ORG_A, [SESSION_START_CLAIM]: before[SESSION_START_CLAIM], [ROLES_CLAIM]: ['support'] });
      expect(after).not.toHaveProperty('auth_time');

      const reused = await refreshTokens(client, original);
      expect(reused.status).toBe(400);
      expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
      expect((await refreshTokens(client, rotated.refresh_token!)).status).toBe(400);
    });

    it('answers /userinfo for the API access token', async () => {
      const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        sub: (await verifyAccessToken(tokens.access_token)).sub,
        name: 'Ana Support',
        email: ANA.username,
        org_id: ORG_A,
      });
    });

    it('refuses /userinfo for a tampered token', async () => {
      const [header, payload, signature] = tokens.access_token.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'someone' })).toString('base64url');
      const response = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${header}.${forged}.${signature}` } });
      expect(response.status).toBe(401);
    });

    it('refuses an audience it does not know', async () => {
      const outcome = await authorizeWithPassword({ ...client, ...ANA, audience: 'https://unknown-api' });
      expect(outcome.callback?.searchParams.get('error')).toBe('invalid_target');
      expect(outcome.callback?.searchParams.get('code')).toBeNull();
    });
  });

  describe('demo users', () => {
    it('gives the support user of organization B a token for organization B', async () => {
      const { tokens } = await signIn({ ...client, ...BEN });
      expect(await verifyAccessToken(tokens.access_token)).toMatchObject({ org_id: ORG_B, [ROLES_CLAIM]: ['support'] });
    });

    it('gives the user without the support role a token whose roles lack support', async () => {
      const { tokens } = await signIn({ ...client, ...CARLA });
      const payload = await verifyAccessToken(tokens.access_token);
      expect(payload.org_id).toBe(ORG_A);
      expect(payload[ROLES_CLAIM]).not.toContain('support');
    });
  });

  describe('wrong password', () => {
    it('shows an error, signs nothing in, and lets the user try again', async () => {
      const browser = new FakeBrowser();
      const outcome = await authorizeWithPassword({ ...client, username: ANA.username, password: 'wrong' }, browser);

      expect(outcome.callback).toBeUndefined();
      expect(outcome.page!.status).toBe(401);
      expect(outcome.page!.html).toContain('role="alert"');
      expect(outcome.page!.html).toContain('Wrong email or password.');

      const again = await beginAuthorization(client, browser);
      expect(again.callback).toBeUndefined();
      expect(loginFormAction(again.page!)).toBeDefined();

      const retry = await browser.navigate(loginFormAction(again.page!)!, { method: 'POST', form: ANA }, CONSOLE);
      expect(retry).toHaveProperty('redirect');
      expect((retry as { redirect: URL }).redirect.searchParams.get('code')).toEqual(expect.any(String));
    });
  });

  describe('/v2/logout', () => {
    it('ends the session and redirects to returnTo', async () => {
      const { browser } = await signIn({ ...client, ...ANA });
      const silent = await beginAuthorization(client, browser);
      expect(silent.callback?.searchParams.get('code')).toEqual(expect.any(String));

      const returnTo = `${CONSOLE}/`;
      const logout = new URL(`/v2/logout?client_id=${sut.clientId}&returnTo=${encodeURIComponent(returnTo)}`, sut.domain);
      const handOff = await browser.navigate(logout);
      expect(handOff).toHaveProperty('page');
      const { action, fields } = formOf((handOff as { page: Page }).page);
      const done = await browser.navigate(action, { method: 'POST', form: fields }, CONSOLE);
      expect((done as { redirect: URL }).redirect?.href).toBe(returnTo);

      const afterwards = await beginAuthorization(client, browser);
      expect(afterwards.callback).toBeUndefined();
      expect(loginFormAction(afterwards.page!)).toBeDefined();
    });

    it('refuses a returnTo that is not an allowed logout URL', async () => {
      const logout = new URL(`/v2/logout?client_id=${sut.clientId}&returnTo=${encodeURIComponent('https://evil.example/')}`, sut.domain);
      const response = await fetch(logout, { redirect: 'manual' });
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
    });
  });

  describe('CORS on /oauth/token', () => {
    const preflight = (origin: string): Promise<Response> =>
      fetch(discovery.token_endpoint, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'auth0-client,content-type' },
      });

    it('allows the console origin, with the Auth0-Client header spa-js sends', async () => {
      const response = await preflight(CONSOLE);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(CONSOLE);
      expect(response.headers.get('access-control-allow-headers')).toContain('auth0-client');
    });

    it('gives another origin no Access-Control-Allow-Origin, on the preflight or the request', async () => {
      const response = await preflight('http://evil.example');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();

      const outcome = await authorizeWithPassword({ ...client, ...ANA });
      const code = outcome.callback!.searchParams.get('code')!;
      const request = await tokenRequest(
        sut.domain,
        { grant_type: 'authorization_code', client_id: sut.clientId, code, code_verifier: outcome.pkce.verifier, redirect_uri: CONSOLE },
        'http://evil.example',
      );
      expect(request.status).toBe(400);
      expect(request.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});

describe('auth0-local session maximum', () => {
  let sut: Auth0Local;

  beforeAll(async () => {
    sut = await startAuth0Local({ port: 0, sessionMaxSeconds: 2, accessTokenTtlSeconds: 600 });
  });

  afterAll(async () => {
    await sut?.stop();
  });

  it('ends access tokens with the session, and after it refuses a refresh and asks to sign in again', async () => {
    const client = { domain: sut.domain, clientId: sut.clientId, redirectUri: CONSOLE, audience: AUDIENCE, origin: CONSOLE };
    const { tokens, browser } = await signIn({ ...client, ...ANA });
    expect(tokens.expires_in).toBeLessThanOrEqual(2);
    const refreshed = await refreshTokens(client, tokens.refresh_token!);
    expect(refreshed.status).toBe(200);
    const { refresh_token: rotated } = (await refreshed.json()) as TokenSet;

    await new Promise((resolve) => setTimeout(resolve, 2_500));

    const late = await refreshTokens(client, rotated!);
    expect(late.status).toBe(400);
    expect(await late.json()).toMatchObject({ error: 'invalid_grant' });
    const again = await beginAuthorization(client, browser);
    expect(again.callback).toBeUndefined();
    expect(loginFormAction(again.page!)).toBeDefined();
  });

  it('stops: the discovery document no longer answers', async () => {
    await sut.stop();
    await expect(fetch(`${sut.issuer}.well-known/openid-configuration`)).rejects.toThrow();
  });
});

describe('auth0-local running another post-login Action', () => {
  let sut: Auth0Local;
  let actionDir: string;

  beforeAll(async () => {
    actionDir = await mkdtemp(path.join(tmpdir(), 'auth0-local-action-'));
    // Denies refresh-token exchanges only, and tries to set auth_time, which Auth0 never allows.
    const action = path.join(actionDir, 'deny-refresh.js');
    await writeFile(
      action,
      `exports.onExecutePostLogin = async (event, api) => {
        api.accessToken.setCustomClaim('auth_time', 1);
        api.accessToken.setCustomClaim('https://example.test/protocol', event.transaction.protocol);
        if (event.transaction.protocol === 'oauth2-refresh-token') api.access.deny('refreshes are off today');
      };`,
    );
    sut = await startAuth0Local({ port: 0, postLoginAction: action });
  });

  afterAll(async () => {
    await sut?.stop();
    await rm(actionDir, { recursive: true, force: true });
  });

  it('puts what the Action sets in the access token, leaves out restricted claims, and honours api.access.deny on a refresh', async () => {
    const client = { domain: sut.domain, clientId: sut.clientId, redirectUri: CONSOLE, audience: AUDIENCE, origin: CONSOLE };
    const { tokens } = await signIn({ ...client, ...ANA });
    const payload = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ 'https://example.test/protocol': 'oidc-basic-profile', org_id: ORG_A });
    expect(payload).not.toHaveProperty('auth_time');
    expect(payload).not.toHaveProperty(SESSION_START_CLAIM);

    const refreshed = await refreshTokens(client, tokens.refresh_token!);
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: 'access_denied', error_description: 'refreshes are off today' });
  });
});

describe('auth0-local start-up', () => {
  it('refuses a bad option with one line naming it', async () => {
    await expect(startAuth0Local({ port: 0, accessTokenTtlSeconds: 0 })).rejects.toThrow(/--access-token-ttl-seconds/);
  });
});
