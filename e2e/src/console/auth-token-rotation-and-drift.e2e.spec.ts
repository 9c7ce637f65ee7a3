import { expect, test, type Page } from '@playwright/test';
import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { twilioAdmin } from '../support/e2e-environment';
import { TwilioTab, screenshot, signIn } from './console-helpers';

/**
 * Organization A's support user rotates the Auth Token (cancel, start, an interrupted promotion
 * resumed) and repairs a webhook someone changed in the Twilio Console. A Twilio account of its
 * own, so the demo accounts' tokens stay as the other tests expect them.
 */
test.describe.serial('Auth Token rotation and webhook drift', () => {
  let page: Page;
  let tab: TwilioTab;
  let account: EmulatorAccountSummary;

  const inTwilio = async () => (await twilioAdmin().accounts()).find((candidate) => candidate.accountSid === account.accountSid) as EmulatorAccountSummary;
  const rotation = () => page.locator('tc-auth-token-rotation-section');
  const health = () => page.locator('tc-health-panel');

  test.beforeAll(async ({ browser }) => {
    const phoneNumber = `+1555${String(Date.now()).slice(-7)}`;
    account = await twilioAdmin().createAccount({
      phoneNumbers: [phoneNumber],
      conversationsServices: [{ friendlyName: 'Rotation e2e' }],
    });
    page = await browser.newPage();
    tab = new TwilioTab(page);
    await signIn(page, 'Ana Support');
    await tab.loaded();
    await tab.deleteIfConfigured();
    await tab.saveCredentials({
      accountSid: account.accountSid,
      authToken: account.authToken,
      fromNumber: phoneNumber,
      conversationsServiceSid: account.conversationsServices[0].sid,
    });
  });

  test.afterAll(async () => {
    await twilioAdmin().clearFaults();
    await tab.deleteIfConfigured();
    await page.close();
  });

  test('starts a rotation: Twilio creates the new token; cancelling deletes it', async () => {
    await expect(rotation().locator('tc-badge')).toHaveText('No rotation');
    await rotation().getByRole('button', { name: 'Start rotation' }).click();
    await expect(rotation().locator('tc-badge')).toHaveText('New token ready');
    expect((await inTwilio()).secondaryAuthToken).toMatch(/^[0-9a-f]{32}$/);
    await screenshot(page, 'rotation-started');

    await rotation().getByRole('button', { name: 'Cancel rotation' }).click();
    await expect(rotation().locator('tc-badge')).toHaveText('No rotation');
    expect((await inTwilio()).secondaryAuthToken).toBeNull();
  });

  test('a promotion Twilio fails is shown as interrupted, and resuming it finishes the rotation with the grace period shown', async () => {
    await rotation().getByRole('button', { name: 'Start rotation' }).click();
    await expect(rotation().locator('tc-badge')).toHaveText('New token ready');
    const { secondaryAuthToken } = await inTwilio();
    await twilioAdmin().injectFaults({ status: 500, pathContains: '/AuthTokens/Promote', count: 1 });

    await rotation().getByRole('button', { name: 'Promote new token' }).click();
    await expect(rotation().getByRole('alert')).toContainText('Twilio could not be reached or answered with an error');
    await expect(rotation().locator('tc-badge')).toHaveText('Promotion interrupted');
    await screenshot(page, 'rotation-interrupted');

    await rotation().getByRole('button', { name: 'Resume' }).click();
    await expect(rotation().locator('tc-badge')).toHaveText('Rotated');
    await expect(rotation()).toContainText('Webhooks signed with the previous one are still accepted until');
    expect((await inTwilio()).authToken).toBe(secondaryAuthToken);
    await screenshot(page, 'rotation-promoted');

    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByText('Promoted the new Auth Token').first()).toBeVisible();
    await expect(page.getByText('Cancelled the Auth Token rotation').first()).toBeVisible();
    await screenshot(page, 'rotation-audit');
    await page.getByRole('tab', { name: 'Twilio' }).click();
    await tab.loaded();
  });

  test('the health panel shows a webhook changed in the Twilio Console, and Repair sets it again', async () => {
    await page.getByRole('button', { name: 'Configure Webhook in Twilio' }).click();
    await expect(page.locator('tc-webhook-section tc-badge', { hasText: 'In sync' })).toBeVisible();

    await twilioAdmin().editConversationsWebhookInConsole(account.conversationsServices[0].sid, { method: 'GET', filters: ['onMessageAdded'] });

    await expect(async () => {
      await health().getByRole('button', { name: 'Check the health again' }).click();
      await expect(health().getByRole('heading', { name: 'Webhook changed in Twilio' })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(health()).toContainText('Twilio uses GET instead of POST.');
    await expect(health()).toContainText('missing onConversationAdded');
    await screenshot(page, 'webhook-drift');

    await health().getByRole('button', { name: 'Repair' }).click();
    await expect(health().getByRole('heading', { name: 'Webhook changed in Twilio' })).toBeHidden();
    expect(await twilioAdmin().conversationsWebhook(account.conversationsServices[0].sid)).toMatchObject({ method: 'POST' });
    await expect(health().locator('tc-badge')).toHaveText('Healthy');
    await screenshot(page, 'webhook-repaired');
  });
});
