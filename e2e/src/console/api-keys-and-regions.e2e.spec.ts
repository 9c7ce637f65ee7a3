import { expect, test, type Page } from '@playwright/test';
import { RESTRICTED_KEY_PERMISSIONS, TWILIO_CAPABILITY_PERMISSIONS } from '@twilio-config/shared';
import { twilioAdmin } from '../support/e2e-environment';
import { TwilioTab, demoApiKey, screenshot, signIn, twilioAccount } from './console-helpers';

const A = twilioAccount(0);
const STANDARD_KEY = demoApiKey(0, 'standard');

/** Every check the health panel shows for a configured organization, as labelled by the console. */
const HEALTH_CHECKS = [
  'Credentials accepted by Twilio',
  'From number belongs to the account',
  'May send messages',
  'Messaging Service found',
  'Conversations Service found',
  'Webhook in sync',
];

/**
 * Organization A's support user with the API key kinds of issue 13 (docs/twilio-emulator.md): the
 * console explains them, a Standard key passes every capability check, a Restricted key missing
 * the Messages permission is refused naming what to add, and only valid region/edge pairs are offered.
 * Each spec starts and ends with organization A unconfigured, so this one leaves it so too.
 */
test.describe.serial('organization A with Standard and Restricted API keys', () => {
  let page: Page;
  let tab: TwilioTab;
  const health = () => page.locator('tc-health-panel');

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    tab = new TwilioTab(page);
    await signIn(page, 'Ana Support');
    await tab.loaded();
    await tab.deleteIfConfigured();
  });

  test.afterAll(async () => {
    await tab.open();
    await tab.deleteIfConfigured();
    await page.close();
  });

  test('explains Main, Standard and Restricted keys in one line, with what a Restricted key needs', async () => {
    const kinds = page.getByTestId('api-key-kinds');
    await expect(kinds).toContainText('Main keys can do everything (Twilio discourages them)');
    await expect(kinds).toContainText('Standard keys, the recommended kind');
    await expect(kinds).toContainText('Restricted keys only what their permissions list');
    await expect(kinds).toContainText(`A Restricted key needs: ${RESTRICTED_KEY_PERMISSIONS.join(', ')}.`);
    await kinds.scrollIntoViewIfNeeded();
    await screenshot(page, 'key-types');
  });

  test('the demo Standard key is saved and every capability check passes', async () => {
    await tab.saveCredentials({ ...A, apiKeySid: STANDARD_KEY.sid, apiKeySecret: STANDARD_KEY.secret });
    await expect(tab.badge('Validated')).toBeVisible();
    await expect(tab.field('API Key SID')).toHaveValue(STANDARD_KEY.sid);
    await expect(tab.field('API Key secret')).toHaveValue('');
    await expect(page.locator('body')).not.toContainText(STANDARD_KEY.secret);

    // The webhook check passes once the webhook is set in Twilio, with the key.
    const webhook = page.locator('tc-webhook-section');
    await webhook.getByRole('button', { name: 'Configure Webhook in Twilio' }).click();
    await expect(webhook.locator('tc-badge')).toHaveText('In sync');

    await expect(health().locator('tc-badge')).toHaveText('Healthy');
    for (const check of HEALTH_CHECKS) await expect(health()).toContainText(`Passed: ${check}`);
    await expect(health()).not.toContainText('Failed:');
  });

  test('a Restricted key without the Messages permission is refused, naming the capability and the permission, and nothing is saved', async () => {
    const withoutMessages = RESTRICTED_KEY_PERMISSIONS.filter((permission) => !TWILIO_CAPABILITY_PERMISSIONS.messages.includes(permission));
    const restricted = await twilioAdmin().createApiKey(A.accountSid, {
      friendlyName: 'e2e Restricted key without messages',
      type: 'restricted',
      permissions: withoutMessages,
    });

    await tab.fillCredentials({ ...A, apiKeySid: restricted.sid, apiKeySecret: restricted.secret });
    await tab.save();
    const alert = page.locator('tc-credentials-form').getByRole('alert').filter({ hasText: 'The API key may not' });
    await expect(alert).toContainText('The API key may not send messages');
    await expect(alert).toContainText('give a Restricted key /twilio/messaging/messages/create');
    await expect(alert).toContainText('Nothing was saved');
    await expect(page.locator('body')).not.toContainText(restricted.secret);
    await screenshot(page, 'restricted-key-refused');

    // The stored settings are still the Standard key's, and still healthy.
    await tab.open();
    await expect(tab.badge('Validated')).toBeVisible();
    await expect(tab.field('API Key SID')).toHaveValue(STANDARD_KEY.sid);
    await expect(tab.field('From number')).toHaveValue(A.fromNumber);
    await expect(health().locator('tc-badge')).toHaveText('Healthy');
  });

  test('the region and edge select offers only the valid pairs', async () => {
    const select = page.getByRole('combobox', { name: 'Region and edge' });
    await expect(select).toContainText('Twilio default (United States, US1)');
    await select.click();
    const options = page.getByRole('listbox', { name: 'Region and edge' }).getByRole('option');
    await expect(options).toHaveText([
      'Twilio default (United States, US1)',
      'United States (US1) through Ashburn (us1, ashburn)',
      'Ireland (IE1) through Dublin (ie1, dublin)',
      'Australia (AU1) through Sydney (au1, sydney)',
    ]);
    await screenshot(page, 'region-pairs');
    await page.keyboard.press('Escape');
    await expect(options).toHaveCount(0);
  });
});
