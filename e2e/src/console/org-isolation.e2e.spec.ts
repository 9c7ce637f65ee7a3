import { expect, test } from '@playwright/test';
import { TwilioTab, signIn, twilioAccount } from './console-helpers';

const A = twilioAccount(0);

test('organization B\u2019s support user never sees organization A\u2019s settings', async ({ browser }) => {
  const ana = await browser.newPage();
  const anaTab = new TwilioTab(ana);
  await signIn(ana, 'Ana Support');
  await anaTab.loaded();
  await anaTab.deleteIfConfigured();
  await anaTab.saveCredentials(A);

  // A separate browser context: nothing shared with Ana's session.
  const benContext = await browser.newContext();
  const ben = await benContext.newPage();
  const benTab = new TwilioTab(ben);
  await signIn(ben, 'Ben Support');
  await benTab.loaded();
  await expect(ben.locator('header')).toContainText('org_B2c3D4e5F6g7H8i9');
  await expect(benTab.badge('Not configured')).toBeVisible();
  await expect(benTab.field('From number')).toHaveValue('');
  const visible = await ben.locator('main').innerText();
  expect(visible).not.toContain(A.fromNumber);
  expect(visible).not.toContain(A.accountSid.slice(-4));
  await ben.getByRole('tab', { name: 'Audit' }).click();
  await expect(ben.getByText('No changes recorded yet')).toBeVisible();
  await benContext.close();

  await anaTab.deleteIfConfigured();
  await ana.close();
});
