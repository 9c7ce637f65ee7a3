// A browser's sign-in through the local Auth0, in plain fetch: the same authorization code + PKCE
// requests auth0-spa-js makes (its parameters, headers and form-encoded token calls), a cookie jar,
// and manual redirects. For tests here and for other projects' integration tests that need a real
// access token without a browser. CommonJS-compatible (no oidc-provider import).
import { createHash, randomBytes } from 'node:crypto';

export interface TokenSet {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
  scope?: string;
}

export interface SignInOptions {
  /** The provider's origin, e.g. `http://127.0.0.1:4100` (auth0-spa-js's `domain`). */
  domain: string;
  clientId: string;
  redirectUri: string;
  username: string;
  password: string;
  audience?: string;
  /** Default: what spa-js asks for with `useRefreshTokens: true`. */
  scope?: string;
  /** The console's origin, sent as `Origin` on token calls like a browser would. */
  origin?: string;
}

export const SPA_SCOPE = 'openid profile email offline_access';

/** What spa-js 2.27 sends as `auth0Client` / `Auth0-Client`: base64 of the SDK's name and version. */
export const AUTH0_CLIENT_HEADER = Buffer.from(JSON.stringify({ name: 'auth0-spa-js', version: '2.27.0' })).toString('base64');

interface StoredCookie {
  value: string;
  path: string;
  expiresAt: number;
}

/** Just enough of RFC 6265 for one host: names per path, Max-Age/Expires, deletion. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      let path = '/';
      let expiresAt = Number.POSITIVE_INFINITY;
      for (const attribute of attributes) {
        const [key, attributeValue = ''] = attribute.split('=');
        const lower = key.toLowerCase();
        if (lower === 'path') path = attributeValue || '/';
        if (lower === 'expires') expiresAt = Math.min(expiresAt, Date.parse(attributeValue));
        if (lower === 'max-age') expiresAt = Date.now() + Number(attributeValue) * 1000;
      }
      const key = `${url.host} ${name} ${path}`;
      if (expiresAt <= Date.now()) this.cookies.delete(key);
      else this.cookies.set(key, { value, path, expiresAt });
    }
  }

  header(url: URL): string {
    const now = Date.now();
    return [...this.cookies.entries()]
      .filter(([key, cookie]) => key.startsWith(`${url.host} `) && cookie.expiresAt > now && pathMatches(url.pathname, cookie.path))
      .map(([key, cookie]) => `${key.split(' ')[1]}=${cookie.value}`)
      .join('; ');
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return requestPath === cookiePath || requestPath.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);
}

export interface Page {
  url: URL;
  status: number;
  html: string;
}

/** A user agent that keeps cookies and follows redirects by hand, stopping at the app's redirect URI. */
export class FakeBrowser {
  readonly jar = new CookieJar();

  async request(url: URL, init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = this.jar.header(url);
    if (cookie) headers['cookie'] = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    this.jar.store(url, response);
    return response;
  }

  /** Returns the redirect that leaves for `stopAt`, or the page where the redirects end. */
  async navigate(
    url: URL,
    init: { method?: 'GET' | 'POST'; form?: Record<string, string> } = {},
    stopAt?: string,
  ): Promise<{ redirect: URL } | { page: Page }> {
    let current = url;
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { page: { url: current, status: response.status, html: await response.text() } };
      }
      await response.body?.cancel();
      current = new URL(location, current);
      if (stopAt && current.href.startsWith(stopAt)) return { redirect: current };
      response = await this.request(current);
    }
    throw new Error(`too many redirects, last at ${current.href}`);
  }
}

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The `/authorize` URL spa-js's loginWithRedirect builds. */
export function authorizeUrl(options: Omit<SignInOptions, 'username' | 'password'>, pkce: Pkce, state: string, nonce: string): URL {
  const url = new URL('/authorize', options.domain);
  const params: Record<string, string | undefined> = {
    client_id: options.clientId,
    audience: options.audience,
    redirect_uri: options.redirectUri,
    scope: options.scope ?? SPA_SCOPE,
    response_type: 'code',
    response_mode: 'query',
    state,
    nonce,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    auth0Client: AUTH0_CLIENT_HEADER,
  };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url;
}

/** The sign-in page's form action, read from the HTML. */
export function loginFormAction(page: Page): URL | undefined {
  const match = /<form method="post" action="([^"]+)"/.exec(page.html);
  return match ? new URL(match[1].replaceAll('&amp;', '&'), page.url) : undefined;
}

export interface AuthorizationOutcome {
  browser: FakeBrowser;
  pkce: Pkce;
  /** The callback the provider sent the browser to (code and state in its query). */
  callback?: URL;
  /** Otherwise the page the browser ended on (e.g. the sign-in form with an error). */
  page?: Page;
}

/** GET /authorize and its redirects: the sign-in page, or straight to the callback with a provider session. */
export async function beginAuthorization(
  options: Omit<SignInOptions, 'username' | 'password'>,
  browser = new FakeBrowser(),
): Promise<AuthorizationOutcome & { state: string }> {
  const pkce = createPkce();
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const step = await browser.navigate(authorizeUrl(options, pkce, state, nonce), {}, options.redirectUri);
  return 'page' in step ? { browser, pkce, state, page: step.page } : { browser, pkce, state, callback: step.redirect };
}

/** authorize → sign-in form → (consent, granted automatically) → callback with the code. */
export async function authorizeWithPassword(options: SignInOptions, browser = new FakeBrowser()): Promise<AuthorizationOutcome> {
  const begun = await beginAuthorization(options, browser);
  let { callback, page } = begun;
  const action = page && loginFormAction(page);
  if (action) {
    const step = await browser.navigate(action, { method: 'POST', form: { username: options.username, password: options.password } }, options.redirectUri);
    ({ callback, page } = 'page' in step ? { callback: undefined, page: step.page } : { callback: step.redirect, page: undefined });
  }
  if (callback && callback.searchParams.get('state') !== begun.state) throw new Error(`state mismatch in ${callback.href}`);
  return { browser, pkce: begun.pkce, callback, page };
}

/** POST /oauth/token as spa-js does (form-encoded, `Auth0-Client` header, browser `Origin`). */
export async function tokenRequest(domain: string, params: Record<string, string>, origin?: string): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'auth0-client': AUTH0_CLIENT_HEADER,
  };
  if (origin) headers['origin'] = origin;
  return fetch(new URL('/oauth/token', domain), { method: 'POST', headers, body: new URLSearchParams(params).toString() });
}

export async function exchangeCode(options: SignInOptions, outcome: AuthorizationOutcome): Promise<TokenSet> {
  const code = outcome.callback?.searchParams.get('code');
  if (!code) throw new Error(`no authorization code: ${outcome.callback?.href ?? `page ${outcome.page?.status}`}`);
  const response = await tokenRequest(
    options.domain,
    { grant_type: 'authorization_code', client_id: options.clientId, code, code_verifier: outcome.pkce.verifier, redirect_uri: options.redirectUri },
    options.origin,
  );
  if (!response.ok) throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenSet;
}

export async function refreshTokens(options: Pick<SignInOptions, 'domain' | 'clientId' | 'redirectUri' | 'origin'>, refreshToken: string): Promise<Response> {
  return tokenRequest(
    options.domain,
    { grant_type: 'refresh_token', client_id: options.clientId, refresh_token: refreshToken, redirect_uri: options.redirectUri },
    options.origin,
  );
}

/** The whole sign-in: tokens as spa-js receives them, and the browser (with the provider's session cookie). */
export async function signIn(options: SignInOptions): Promise<{ tokens: TokenSet; browser: FakeBrowser }> {
  const outcome = await authorizeWithPassword(options);
  if (!outcome.callback) throw new Error(`sign-in as ${options.username} did not finish: page ${outcome.page?.status} at ${outcome.page?.url.href}`);
  return { tokens: await exchangeCode(options, outcome), browser: outcome.browser };
}
