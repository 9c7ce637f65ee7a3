import { expect, test, type Page } from '@playwright/test';
import { twilioAdmin } from '../support/e2e-environment';
import { TwilioTab, screenshot, signIn, twilioAccount } from './console-helpers';

const A = twilioAccount(0);
const WRONG_TOKEN = 'ffffffffffffffffffffffffffffffff';
const TEST_RECIPIENT = '+15555550150';

/** Organization A's support user sets Twilio up from nothing to deleted, one step after the other. */
test.describe.serial('organization A configures Twilio', () => {
  let page: Page;
  let tab: TwilioTab;

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    tab = new TwilioTab(page);
    await signIn(page, 'Ana Support');
    await tab.loaded();
    await tab.deleteIfConfigured();
  });

  test.afterAll(async () => {
    await page.close();
  });

  test('starts without settings', async () => {
    await expect(tab.badge('Not configured')).toBeVisible();
    await expect(tab.field('Auth Token')).toHaveValue('');
    await screenshot(page, 'settings-empty');
  });

  test('checks the fields as they are typed, with an example of right', async () => {
    await tab.field('From number').fill('0412 345 678');
    await expect(page.getByText('From number must be in E.164 format')).toBeVisible();
    await expect(page.getByText('e.g. +61412345678').first()).toBeVisible();
    await tab.field('Account SID').fill('AC123');
    await expect(page.getByText('Account SID must be "AC" followed by 32 hexadecimal characters')).toBeVisible();
    await screenshot(page, 'settings-validation');
    await page.getByRole('button', { name: 'Discard changes' }).click();
  });

  test('a wrong Auth Token shows Twilio\u2019s refusal and nothing is saved', async () => {
    await tab.fillCredentials({ ...A, authToken: WRONG_TOKEN });
    await tab.save();
    const alert = page.getByRole('alert').filter({ hasText: 'Twilio refused these credentials' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Nothing was saved');
    await screenshot(page, 'settings-wrong-credentials');

    await tab.open();
    await expect(tab.badge('Not configured')).toBeVisible();
  });

  test('the right credentials are validated by Twilio and stored', async () => {
    await tab.saveCredentials(A);
    await expect(tab.badge('Configured')).toBeVisible();
    await expect(tab.badge('Validated')).toBeVisible();
    await expect(tab.badge('Enabled')).toBeVisible();
    await expect(page.locator('tc-settings-status dd', { hasText: 'by Twilio' })).toBeVisible();
    // The Auth Token is never sent back: the field is empty and says it is stored.
    await expect(tab.field('Auth Token')).toHaveValue('');
    await expect(page.getByText('Stored. Leave empty to keep it.').first()).toBeVisible();
    await expect(page.locator('body')).not.toContainText(A.authToken);
    // Everything but the webhook, which is configured next.
    const health = page.locator('tc-health-panel');
    await expect(health).toContainText('Needs attention');
    await expect(health).toContainText('Passed: Credentials accepted by Twilio');
    await expect(health).toContainText('Failed: Webhook in sync — Twilio has no webhook set');
    await screenshot(page, 'settings-validated');
  });

  test('configuring the webhook brings it in sync with Twilio', async () => {
    const webhook = page.locator('tc-webhook-section');
    await expect(webhook.getByLabel('Webhook URL')).toHaveValue(/\/api\/twilio\/conversations-webhook$/);
    await webhook.getByRole('button', { name: 'Configure Webhook in Twilio' }).click();
    await expect(webhook.locator('tc-badge')).toHaveText('In sync');
    const inTwilio = await twilioAdmin().conversationsWebhook(A.conversationsServiceSid);
    expect(JSON.stringify(inTwilio)).toContain('/api/twilio/conversations-webhook');
    await expect(page.locator('tc-health-panel tc-badge')).toHaveText('Healthy');
    await screenshot(page, 'settings-webhook-in-sync');
  });

  test('a test SMS goes out from organization A\u2019s account', async () => {
    const body = `Console e2e ${Date.now()}`;
    await tab.sendTestSms(TEST_RECIPIENT, body);
    const result = page.getByText(/Twilio accepted the message: SID SM[0-9a-f]{32}, status \w+/);
    await expect(result).toBeVisible();
    const sid = (await result.textContent())?.match(/SM[0-9a-f]{32}/)?.[0];
    const sent = await twilioAdmin().messages(A.accountSid);
    expect(sent).toContainEqual(expect.objectContaining({ sid, accountSid: A.accountSid, to: TEST_RECIPIENT, body }));
    await screenshot(page, 'settings-test-sms-sent');
  });

  test('Twilio\u2019s refusal of a recipient is shown in plain words with its code', async () => {
    const unsubscribed = '+15555550190';
    await tab.sendTestSms(unsubscribed, 'Should not arrive');
    await expect(page.locator('tc-test-sms-section').getByRole('alert')).toContainText('Twilio error');
  });

  test('switched off, sending is refused with a clear message', async () => {
    const before = (await twilioAdmin().messages(A.accountSid)).length;
    await page.getByRole('switch', { name: 'Enabled' }).click();
    await expect(tab.badge('Disabled')).toBeVisible();
    await tab.sendTestSms(TEST_RECIPIENT, 'Must not be sent');
    await expect(page.locator('tc-test-sms-section').getByRole('alert')).toContainText(
      'Twilio settings are disabled for your organization, so nothing is sent.',
    );
    expect(await twilioAdmin().messages(A.accountSid)).toHaveLength(before);
    await screenshot(page, 'settings-disabled');
    await page.getByRole('switch', { name: 'Enabled' }).click();
    await expect(tab.badge('Enabled')).toBeVisible();
  });

  test('the audit tab lists who changed what', async () => {
    await page.getByRole('tab', { name: 'Audit' }).click();
    const rows = page.locator('tr[mat-row]');
    await expect(rows.first()).toBeVisible();
    const table = page.locator('table');
    await expect(table).toContainText('Saved the settings');
    await expect(table).toContainText('Configured the webhook');
    await expect(table).toContainText('Sent a test SMS');
    await expect(table).toContainText('Disabled the settings');
    await expect(table).toContainText('You');
    await expect(table).not.toContainText(A.authToken);
    await screenshot(page, 'audit-log');
    await page.getByRole('tab', { name: 'Twilio' }).click();
    await tab.loaded();
  });

  test('delete asks first, says what is erased, then leaves an empty form', async () => {
    await page.getByRole('button', { name: 'Delete settings' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('erases the stored secrets');
    await screenshot(page, 'settings-delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete settings' }).click();
    await expect(tab.badge('Not configured')).toBeVisible();
    for (const label of ['Account SID', 'Auth Token', 'From number', 'Messaging Service SID (optional)', 'Conversations Service SID (optional)']) {
      await expect(tab.field(label)).toHaveValue('');
    }
    await tab.open();
    await expect(tab.badge('Not configured')).toBeVisible();
  });
});
