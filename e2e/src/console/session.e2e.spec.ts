import { expect, test, type Page } from '@playwright/test';
import { apiUrl } from '../support/e2e-environment';
import { screenshot, signIn } from './console-helpers';

/** Records the provider's token grants and the API's answers to audit reads. */
function watch(page: Page): { grants: string[]; audit: Array<{ status: number; token: string | undefined }> } {
  const seen = { grants: [] as string[], audit: [] as Array<{ status: number; token: string | undefined }> };
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/oauth/token')) {
      seen.grants.push(new URLSearchParams(request.postData() ?? '').get('grant_type') ?? '?');
    }
  });
  page.on('response', (response) => {
    if (response.url().includes('/api/twilio-config/audit') && response.request().method() === 'GET') {
      seen.audit.push({ status: response.status(), token: response.request().headers()['authorization'] });
    }
  });
  return seen;
}

test.describe('the session', () => {
  test('an access token that expires while the page is open is renewed once, unnoticed', async ({ page }) => {
    // The stack issues 90-second access tokens: wait until the first one has expired.
    test.setTimeout(150_000);
    const seen = watch(page);
    await signIn(page, 'Ana Support', '/settings/audit');
    await expect(page.getByRole('heading', { name: /Changes to your organization/ })).toBeVisible();
    await expect.poll(() => seen.audit.length).toBe(1);
    const grantsAtSignIn = seen.grants.length;

    await page.waitForTimeout(92_000);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => seen.audit.length).toBe(2);

    expect(seen.grants.slice(grantsAtSignIn)).toEqual(['refresh_token']);
    expect(seen.audit[1].status).toBe(200);
    expect(seen.audit[1].token).not.toEqual(seen.audit[0].token);
    await expect(page.locator('tc-problem-alert')).toHaveCount(0);
    await expect(page).toHaveURL(/\/settings\/audit$/);
  });

  test('when the API refuses a token, the console renews it once and retries once', async ({ page }) => {
    await signIn(page, 'Ana Support', '/settings/twilio');
    await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
    const seen = watch(page);
    // The API's answer to a token it no longer accepts, once.
    let refusals = 0;
    await page.route('**/api/twilio-config/audit**', async (route) => {
      if (route.request().method() !== 'GET' || refusals > 0) return route.fallback();
      refusals++;
      await route.fulfill({
        status: 401,
        contentType: 'application/json',
        headers: { 'access-control-allow-origin': new URL(page.url()).origin },
        body: JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'The access token has expired' }),
      });
    });

    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByRole('heading', { name: /Changes to your organization/ })).toBeVisible();
    await expect.poll(() => seen.audit.map((answer) => answer.status)).toEqual([401, 200]);
    expect(seen.audit[1].token).not.toEqual(seen.audit[0].token);
    expect(seen.grants).toEqual(['refresh_token']);
    await expect(page.locator('tc-problem-alert')).toHaveCount(0);
  });

  test('the real API\u2019s 401 reaches the console (CORS), so it can tell a refusal from a network failure', async ({ page }) => {
    await page.goto('/');
    const answer = await page.evaluate(async (api) => {
      const response = await fetch(`${api}/api/twilio-config/settings`, { headers: { Authorization: 'Bearer not-a-token' } });
      return { status: response.status, body: await response.json() };
    }, apiUrl());
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ statusCode: 401, code: expect.any(String) });
  });

  test('a session that reaches its maximum age says so and offers to sign in again', async ({ page }) => {
    await page.clock.install();
    await signIn(page, 'Ana Support');
    await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
    await page.clock.fastForward('10:00:30');
    await expect(page.getByRole('heading', { name: 'Your session has ended, sign in again' })).toBeVisible();
    await expect(page).toHaveURL(/\/session-ended$/);
    await expect(page.getByText('Sessions last at most 10 hours')).toBeVisible();
    await screenshot(page, 'session-ended');
    await expect(page.getByRole('button', { name: 'Sign in again' })).toBeVisible();
  });

  test('a user who keeps being refused is told the session ended, without a loop', async ({ page }) => {
    await signIn(page, 'Ana Support', '/settings/twilio');
    await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
    const seen = watch(page);
    await page.route('**/api/twilio-config/audit**', (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({
            status: 401,
            contentType: 'application/json',
            headers: { 'access-control-allow-origin': new URL(page.url()).origin },
            body: JSON.stringify({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Token revoked' }),
          })
        : route.fallback(),
    );
    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByRole('heading', { name: 'Your session has ended, sign in again' })).toBeVisible();
    await page.waitForTimeout(1000);
    expect(seen.audit.map((answer) => answer.status)).toEqual([401, 401]);
    expect(seen.grants).toEqual(['refresh_token']);
  });
});
