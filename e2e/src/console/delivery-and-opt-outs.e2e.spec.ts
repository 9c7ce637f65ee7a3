import { expect, test, type Page } from '@playwright/test';
import { MESSAGING_WEBHOOK_PATH } from '@twilio-config/shared';
import { apiUrl, twilioAdmin } from '../support/e2e-environment';
import { TwilioTab, screenshot, signIn, twilioAccount } from './console-helpers';

const A = twilioAccount(0);
/** Recipients only this spec texts (the demo seed's special numbers are …0190 to …0192). */
const DELIVERED = '+15555550160';
const UNREACHABLE = '+15555550161';
const TEXTS_STOP = '+15555550162';

/**
 * Organization A's support user follows a test SMS's delivery live and manages the opt-out list.
 * The emulator posts real signed status callbacks and incoming messages to the API (PUBLIC_BASE_URL
 * is the API's own URL in the stack).
 */
test.describe.serial('delivery status and opt-outs', () => {
  let page: Page;
  let tab: TwilioTab;
  const testSms = () => page.locator('tc-test-sms-section');
  const delivery = () => page.locator('tc-message-delivery-status');

  test.beforeAll(async ({ browser }) => {
    await twilioAdmin().setDeliveryOutcome({ to: UNREACHABLE, errorCode: 30003 });
    // The demo number is in organization A's Messaging Service pool: incoming messages go to the service's URL.
    await twilioAdmin().editMessagingServiceInConsole(A.messagingServiceSid, { inboundRequestUrl: `${apiUrl()}${MESSAGING_WEBHOOK_PATH}` });
    page = await browser.newPage();
    tab = new TwilioTab(page);
    await signIn(page, 'Ana Support');
    await tab.loaded();
    await tab.deleteIfConfigured();
    await tab.saveCredentials(A);
  });

  test.afterAll(async () => {
    // Leave the emulator and organization A as the other specs expect them.
    await twilioAdmin().sendInboundMessage({ from: TEXTS_STOP, to: A.fromNumber, body: 'START' });
    await twilioAdmin().editMessagingServiceInConsole(A.messagingServiceSid, { inboundRequestUrl: null });
    await twilioAdmin().clearDeliveryOutcomes();
    await tab.open();
    await tab.deleteIfConfigured();
    await page.close();
  });

  test('a test SMS shows its delivery live: queued, sent, delivered', async () => {
    await tab.sendTestSms(DELIVERED, 'Delivery e2e');
    await expect(testSms().getByText(/Twilio accepted the message: SID SM[0-9a-f]{32}/)).toBeVisible();
    await expect(delivery().locator('tc-badge')).toHaveText('Delivered', { timeout: 15_000 });
    await expect(delivery().locator('ol li span')).toHaveText(['Accepted', 'Queued', 'Sent to the carrier', 'Delivered']);
    await expect(delivery()).not.toContainText("Waiting for Twilio's next status");
    await screenshot(page, 'delivery-status-delivered');
  });

  test("an undelivered message explains Twilio's error in plain words", async () => {
    await tab.sendTestSms(UNREACHABLE, 'Nobody home');
    await expect(delivery().locator('tc-badge')).toHaveText('Undelivered', { timeout: 15_000 });
    const alert = delivery().getByRole('alert');
    await expect(alert).toContainText('Twilio error 30003.');
    await expect(alert).toContainText("The recipient's phone could not be reached");
    await expect(alert.getByRole('link')).toHaveAttribute('href', 'https://www.twilio.com/docs/errors/30003');
    await screenshot(page, 'delivery-status-undelivered-30003');
  });

  test('a number that texted STOP is refused before Twilio is asked', async () => {
    const received = await twilioAdmin().sendInboundMessage({ from: TEXTS_STOP, to: A.fromNumber, body: 'STOP' });
    const posted = await twilioAdmin().waitForWebhookDelivery((candidate) => candidate.params.MessageSid === received.sid);
    expect(posted.responseStatus).toBe(200);

    const before = (await twilioAdmin().messages(A.accountSid)).length;
    await tab.sendTestSms(TEXTS_STOP, 'Must not be sent');
    await expect(testSms().getByRole('alert')).toContainText('This number opted out of your messages');
    expect(await twilioAdmin().messages(A.accountSid)).toHaveLength(before);
    await screenshot(page, 'test-sms-recipient-opted-out');
  });

  test('the Opt-outs tab lists the number, and Remove asks first, then takes it off (audited)', async () => {
    await page.getByRole('tab', { name: 'Opt-outs' }).click();
    const row = page.locator('tr[mat-row]', { hasText: TEXTS_STOP });
    await expect(row).toContainText('Texted an opt-out keyword');
    await screenshot(page, 'opt-outs-list');

    await row.getByRole('button', { name: `Remove ${TEXTS_STOP}` }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText('Twilio keeps its own list');
    // Focus moves into the dialog once its opening animation is over: "Cancel" first.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await screenshot(page, 'opt-outs-remove-confirmation');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(row).toBeVisible();

    await row.getByRole('button', { name: `Remove ${TEXTS_STOP}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByRole('status')).toContainText(`${TEXTS_STOP} was removed from the list.`);
    await expect(page.locator('tr[mat-row]', { hasText: TEXTS_STOP })).toHaveCount(0);
    await screenshot(page, 'opt-outs-removed');

    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.locator('table')).toContainText('Removed a number from the opt-out list');
    await expect(page.locator('table')).not.toContainText(TEXTS_STOP);
  });
});
