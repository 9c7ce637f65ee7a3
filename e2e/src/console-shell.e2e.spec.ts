import { expect, test } from '@playwright/test';

test('the built console loads in Chromium without errors', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await page.goto('/');
  await expect(page).toHaveTitle('Twilio configuration');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Twilio configuration');
  expect(consoleErrors).toEqual([]);
  await page.screenshot({ path: 'e2e/output/screenshots/console-shell.png', fullPage: true });
});

test('the console is served with its runtime configuration', async ({ request }) => {
  const response = await request.get('/config.json');
  expect(response.ok()).toBe(true);
  expect(await response.json()).toEqual(
    expect.objectContaining({ auth0ClientId: expect.any(String), auth0Audience: expect.any(String), apiOrigin: expect.stringMatching(/^http/) }),
  );
});
