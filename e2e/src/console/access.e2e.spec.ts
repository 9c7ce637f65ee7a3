import { expect, test } from '@playwright/test';
import { screenshot, signIn } from './console-helpers';

test.describe('signing in and access', () => {
  test('a signed-out visitor is sent to the sign-in page, and back to the page asked for', async ({ page }) => {
    await page.goto('/settings/audit');
    await expect(page.locator('input[name=username]')).toBeVisible();
    await screenshot(page, 'sign-in-page');
    await signIn(page, 'Ana Support', '/settings/audit');
    await expect(page).toHaveURL(/\/settings\/audit$/);
    await expect(page.getByRole('tab', { name: 'Audit' })).toHaveAttribute('aria-selected', 'true');
  });

  test('the header shows the user and the organization, and signing out ends the session', async ({ page }) => {
    await signIn(page, 'Ana Support');
    const header = page.locator('header');
    await expect(header).toContainText('Ana Support');
    await expect(header).toContainText('org_A1b2C3d4E5f6G7h8');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to manage Twilio' })).toBeVisible();
    await page.goto('/settings/twilio');
    await expect(page.locator('input[name=username]')).toBeVisible();
  });

  test('a reload keeps the user signed in (the provider\u2019s session answers without a form)', async ({ page }) => {
    await signIn(page, 'Ana Support', '/settings/twilio');
    await page.reload();
    await expect(page).toHaveURL(/\/settings\/twilio$/);
    await expect(page.locator('header')).toContainText('Ana Support');
    await expect(page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
  });

  test('a user without the support role sees "Access restricted", never the settings form', async ({ page }) => {
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/twilio-config/')) apiCalls.push(request.url());
    });
    await signIn(page, 'Carla Viewer');
    await expect(page).toHaveURL(/\/access-restricted$/);
    await expect(page.getByRole('heading', { name: 'Access Restricted' })).toBeVisible();
    const notice = page.locator('main');
    await expect(notice).toContainText('"support" role');
    await expect(notice).toContainText('Auth0 Dashboard');
    await expect(notice).toContainText('Sign out and sign in again');
    await expect(page.getByRole('button', { name: 'Save & Validate Credentials' })).toHaveCount(0);
    await expect(page.locator('input')).toHaveCount(0);
    await screenshot(page, 'access-restricted');

    // Typing the settings' address does not get past the guard either.
    await page.goto('/settings/twilio');
    await expect(page).toHaveURL(/\/access-restricted$/);
    expect(apiCalls).toEqual([]);
  });
});
