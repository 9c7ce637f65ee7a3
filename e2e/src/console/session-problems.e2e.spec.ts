import { expect, test, type Page } from '@playwright/test';
import { screenshot, signIn } from './console-helpers';

const SESSION_START_CLAIM = 'https://twilio-config/auth_time';

/** Counts the console's trips to the provider's sign-in, and the token grants it asks for. */
function watch(page: Page): { authorizations: () => number; grants: string[] } {
  let authorizations = 0;
  const grants: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.isNavigationRequest() && url.pathname === '/authorize') authorizations += 1;
    if (request.method() === 'POST' && url.pathname === '/oauth/token') {
      grants.push(new URLSearchParams(request.postData() ?? '').get('grant_type') ?? '?');
    }
  });
  return { authorizations: () => authorizations, grants };
}

/**
 * Makes the provider's token answers look like those of a tenant set up differently: the access
 * token's payload is rewritten (the console reads it; it never reaches the API, which would refuse
 * the broken signature — the console stops before calling it).
 */
async function rewriteAccessTokens(page: Page, change: (claims: Record<string, unknown>) => void): Promise<void> {
  await page.route('**/oauth/token', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { access_token?: string };
    if (body.access_token) {
      const [header, payload, signature] = body.access_token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      change(claims);
      body.access_token = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    }
    await route.fulfill({ response, json: body });
  });
}

test.describe('a sign-in the console cannot use', () => {
  test('a token without an organization shows what is missing and what an administrator must do, never a sign-in loop', async ({ page }) => {
    const seen = watch(page);
    await rewriteAccessTokens(page, (claims) => delete claims['org_id']);
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/twilio-config/')) apiCalls.push(request.url());
    });
    await signIn(page, 'Ana Support');
    await expect(page).toHaveURL(/\/sign-in-problem$/);
    await expect(page.getByRole('heading', { name: 'Your sign-in has no organization' })).toBeVisible();
    await expect(page.getByText('Members')).toBeVisible();
    await screenshot(page, 'sign-in-problem-no-organization');
    await page.waitForTimeout(1000);
    expect(seen.authorizations()).toBe(1);
    expect(apiCalls).toEqual([]);
    await expect(page.getByRole('region', { name: 'Your sign-in has no organization' }).getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('a token without a session start shows its page, with the configured session length', async ({ page }) => {
    const seen = watch(page);
    await rewriteAccessTokens(page, (claims) => delete claims[SESSION_START_CLAIM]);
    await signIn(page, 'Ana Support');
    await expect(page).toHaveURL(/\/sign-in-problem$/);
    await expect(page.getByRole('heading', { name: 'Your sign-in does not say when it began' })).toBeVisible();
    await expect(page.getByText('Sessions last at most 10 hours')).toBeVisible();
    await expect(page.getByText('"session-claims"').first()).toBeVisible();
    await page.waitForTimeout(1000);
    expect(seen.authorizations()).toBe(1);
  });

  test('the API\u2019s 401 SESSION_START_MISSING shows the same page at once: no token renewal, no new sign-in', async ({ page }) => {
    await signIn(page, 'Ana Support', '/settings/audit');
    await expect(page.getByRole('heading', { name: /Changes to your organization/ })).toBeVisible();
    const seen = watch(page);
    await page.route('**/api/twilio-config/settings', (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({
            status: 401,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': new URL(page.url()).origin },
            body: JSON.stringify({ statusCode: 401, code: 'SESSION_START_MISSING', message: 'no session start' }),
          })
        : route.fallback(),
    );
    await page.getByRole('tab', { name: 'Twilio' }).click();
    await expect(page.getByRole('heading', { name: 'Your sign-in does not say when it began' })).toBeVisible();
    await page.waitForTimeout(1000);
    expect(seen.grants).toEqual([]);
    expect(seen.authorizations()).toBe(0);
  });
});
