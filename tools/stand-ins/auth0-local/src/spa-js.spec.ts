// The provider's real client: unmodified @auth0/auth0-spa-js (the console's SDK) in Chromium,
// signing in, refreshing with a rotated refresh token, and logging out.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startAuth0Local, type Auth0Local } from './launch';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const AUDIENCE = 'https://twilio-config-api';

/** What the page puts on `window`; evaluated functions run in the page, so each names it inline. */
interface AppGlobal {
  auth0Client: {
    loginWithRedirect(): Promise<void>;
    getUser(): Promise<Record<string, unknown>>;
    getTokenSilently(): Promise<string>;
    logout(options: { logoutParams: { returnTo: string } }): Promise<void>;
  };
}

/** A page that does what the console does with the SDK; `window.auth0Client` for the test to drive. */
function appHtml(idp: Auth0Local, origin: string): string {
  const config = {
    domain: idp.domain,
    clientId: idp.clientId,
    authorizationParams: { audience: AUDIENCE, redirect_uri: `${origin}/` },
    useRefreshTokens: true,
    cacheLocation: 'memory',
  };
  return `<!DOCTYPE html><html lang="en"><head><title>spa-js</title><link rel="icon" href="data:,"></head>
<body><output id="state">loading</output>
<script src="/auth0-spa-js.js"></script>
<script>
  (async () => {
    const client = await auth0.createAuth0Client(${JSON.stringify(config)});
    window.auth0Client = client;
    if (location.search.includes('code=')) {
      await client.handleRedirectCallback();
      history.replaceState({}, '', '/');
    }
    document.getElementById('state').textContent = (await client.isAuthenticated()) ? 'signed-in' : 'anonymous';
  })().catch((error) => { document.getElementById('state').textContent = 'error: ' + error.message; });
</script></body></html>`;
}

describe('auth0-local with auth0-spa-js 2.27 in Chromium', () => {
  let idp: Auth0Local;
  let appServer: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;

  const appState = async (): Promise<string> => {
    await page.locator('#state').filter({ hasNotText: 'loading' }).waitFor();
    return (await page.textContent('#state')) ?? '';
  };

  beforeAll(async () => {
    const sdk = readFileSync(require.resolve('@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'));
    let html = '';
    appServer = createServer((req, res) => {
      const script = req.url === '/auth0-spa-js.js';
      res.setHeader('content-type', script ? 'text/javascript' : 'text/html');
      res.end(script ? sdk : html);
    });
    await new Promise<void>((resolve) => appServer.listen(0, 'localhost', resolve));
    origin = `http://localhost:${(appServer.address() as AddressInfo).port}`;
    // A 5 s access token: spa-js renews 60 s before expiry, so every getTokenSilently() refreshes.
    idp = await startAuth0Local({
      port: 0,
      redirectUris: [`${origin}/`],
      postLogoutRedirectUris: [`${origin}/`],
      allowedOrigins: [origin],
      accessTokenTtlSeconds: 5,
    });
    html = appHtml(idp, origin);
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await new Promise((resolve) => appServer?.close(resolve));
  });

  it('signs in, refreshes with rotation and logs out', async () => {
    await page.goto(`${origin}/`);
    expect(await appState()).toBe('anonymous');

    await page.evaluate(() => (globalThis as unknown as AppGlobal).auth0Client.loginWithRedirect());
    await page.getByRole('button', { name: 'Use Ben Support' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/`);
    expect(await appState()).toBe('signed-in');

    const user = await page.evaluate(() => (globalThis as unknown as AppGlobal).auth0Client.getUser());
    expect(user).toMatchObject({ name: 'Ben Support', email: 'ben.support@globex.example.com', org_id: 'org_B2c3D4e5F6g7H8i9' });

    const first = await page.evaluate(() => (globalThis as unknown as AppGlobal).auth0Client.getTokenSilently());
    const second = await page.evaluate(() => (globalThis as unknown as AppGlobal).auth0Client.getTokenSilently());
    expect(second).not.toBe(first);
    const sessionStart = 'https://twilio-config/auth_time';
    expect(decodeJwt(second)).toMatchObject({ aud: expect.arrayContaining([AUDIENCE]), [sessionStart]: decodeJwt(first)[sessionStart] });
    expect(decodeJwt(second)).not.toHaveProperty('auth_time');

    const backFromLogout = page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === page.mainFrame() && frame.url() === `${origin}/`,
    });
    await page.evaluate((returnTo) => (globalThis as unknown as AppGlobal).auth0Client.logout({ logoutParams: { returnTo } }), `${origin}/`);
    await backFromLogout;
    expect(await appState()).toBe('anonymous');

    // The provider's session ended too: signing in again asks for the password.
    await page.evaluate(() => (globalThis as unknown as AppGlobal).auth0Client.loginWithRedirect());
    await page.waitForSelector('input[name=password]');
    expect(page.url().startsWith(`${idp.domain}/interaction/`)).toBe(true);
  });
});
