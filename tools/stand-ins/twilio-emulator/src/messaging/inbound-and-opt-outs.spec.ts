import twilio from 'twilio';
import type { CreateAccountOptions, EmulatorAccountSummary } from '../admin/admin-types';
import { useTwilioEmulator } from '../testing/emulator-fixture';
import type { ReceivedWebhook } from '../testing/webhook-receiver';
import { OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS } from './opt-outs';

describe('Incoming messages and opt-outs', () => {
  const fixture = useTwilioEmulator('inbound-and-opt-outs');
  const NUMBER = '+15555550100';
  const OTHER_NUMBER = '+15555550101';
  const CUSTOMER = '+15555550123';
  const hook = (path: string) => `${fixture.webhooks.url}${path}`;

  const signedWithPrimary = (account: EmulatorAccountSummary, webhook: ReceivedWebhook) =>
    twilio.validateRequest(account.authToken, webhook.headers['x-twilio-signature'] as string, webhook.url, webhook.params);

  const numberAccount = (extra: CreateAccountOptions = {}) =>
    fixture.emulator.admin.createAccount({
      phoneNumbers: [
        { phoneNumber: NUMBER, smsUrl: hook('/sms/number') },
        { phoneNumber: OTHER_NUMBER, smsUrl: hook('/sms/other') },
      ],
      ...extra,
    });

  const serviceAccount = (service: NonNullable<CreateAccountOptions['messagingServices']>[number] = {}) =>
    fixture.emulator.admin.createAccount({
      phoneNumbers: [
        { phoneNumber: NUMBER, smsUrl: hook('/sms/number') },
        { phoneNumber: OTHER_NUMBER, smsUrl: hook('/sms/other') },
      ],
      messagingServices: [{ friendlyName: 'Support', phoneNumbers: [NUMBER, OTHER_NUMBER], inboundRequestUrl: hook('/sms/service'), ...service }],
    });

  const send = (account: EmulatorAccountSummary, params: { from?: string; messagingServiceSid?: string }) =>
    fixture.sdk(account).messages.create({ to: CUSTOMER, body: 'hello', ...params });

  describe("the incoming-message webhook (Twilio's request to your incoming message Webhook URL)", () => {
    it("posts to the number's SmsUrl with Twilio's fields, signed with the primary Auth Token", async () => {
      const account = await numberAccount();

      const received = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'Hi there' });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.method).toBe('POST');
      expect(webhook.path).toBe('/sms/number');
      expect(webhook.params).toEqual({
        MessageSid: received.sid,
        SmsSid: received.sid,
        SmsMessageSid: received.sid,
        AccountSid: account.accountSid,
        From: CUSTOMER,
        To: NUMBER,
        Body: 'Hi there',
        NumMedia: '0',
        NumSegments: '1',
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
      });
      expect(webhook.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
      expect(signedWithPrimary(account, webhook)).toBe(true);
      expect(received).toMatchObject({ accountSid: account.accountSid, to: NUMBER, messagingServiceSid: null, webhookUrl: hook('/sms/number') });
    });

    it('keeps the message as Twilio does: direction inbound, status received', async () => {
      const account = await numberAccount();

      const received = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'Hi' });

      const fetched = await fixture.sdk(account).messages(received.sid).fetch();
      expect(fetched).toMatchObject({ direction: 'inbound', status: 'received', from: CUSTOMER, to: NUMBER, body: 'Hi', price: null });
      expect((await fixture.emulator.admin.messages(account.accountSid)).map((m) => m.direction)).toEqual(['inbound']);
      const [listed] = await fixture.sdk(account).incomingPhoneNumbers.list({ phoneNumber: NUMBER });
      expect(listed).toMatchObject({ smsUrl: hook('/sms/number'), smsMethod: 'POST' });
    });

    it("goes to the Messaging Service's InboundRequestUrl, naming the service, when the number is in its pool", async () => {
      const account = await serviceAccount();

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: OTHER_NUMBER, body: 'Hi' });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.path).toBe('/sms/service');
      expect(webhook.params).toMatchObject({ To: OTHER_NUMBER, MessagingServiceSid: account.messagingServices[0].sid });
      expect(signedWithPrimary(account, webhook)).toBe(true);
    });

    it("goes to the number's own SmsUrl when the service defers to the sender's webhook", async () => {
      await serviceAccount({ useInboundWebhookOnNumber: true });

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: OTHER_NUMBER, body: 'Hi' });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.path).toBe('/sms/other');
    });

    it('puts the parameters in the query string for GET', async () => {
      const account = await fixture.emulator.admin.createAccount({ phoneNumbers: [{ phoneNumber: NUMBER, smsUrl: hook('/sms/get'), smsMethod: 'GET' }] });

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'Hi' });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.method).toBe('GET');
      const url = new URL(webhook.url);
      expect(url.searchParams.get('Body')).toBe('Hi');
      expect(twilio.validateRequest(account.authToken, webhook.headers['x-twilio-signature'] as string, webhook.url, {})).toBe(true);
    });

    it("accepts a Messaging Service SID as the recipient: the service's number that last texted the sender", async () => {
      const account = await serviceAccount();
      const sent = await fixture.sdk(account).messages.create({ to: CUSTOMER, from: OTHER_NUMBER, body: 'hello' });
      await fixture.emulator.admin.waitForMessageStatus(sent.sid, ['delivered']);

      const received = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: account.messagingServices[0].sid, body: 'Hi' });

      expect(received.to).toBe(OTHER_NUMBER);
    });

    it('signs with the new primary after a promotion', async () => {
      const account = await numberAccount({ secondaryAuthToken: 'cd'.repeat(16) });
      await fixture.sdk(account).accounts.v1.authTokenPromotion().update();

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'Hi' });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(signedWithPrimary({ ...account, authToken: 'cd'.repeat(16) }, webhook)).toBe(true);
      expect(signedWithPrimary(account, webhook)).toBe(false);
    });

    it.each([
      [{ from: 'nobody', to: NUMBER, body: 'x' }, /400 from must be an E\.164 number/],
      [{ from: CUSTOMER, to: '+15555550999', body: 'x' }, /404 no account owns/],
      [{ from: CUSTOMER, to: NUMBER }, /400 body must be/],
    ])('refuses %j', async (message, error) => {
      await numberAccount();

      await expect(fixture.emulator.admin.sendInboundMessage(message as never)).rejects.toThrow(error);
    });
  });

  describe("Twilio's default opt-out keywords", () => {
    it.each(OPT_OUT_KEYWORDS.map((keyword) => [keyword]))('%s puts the sender on the opt-out list for the number: sending answers 21610', async (keyword) => {
      const account = await numberAccount();

      const received = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: keyword });

      expect(received).toMatchObject({ keywordType: 'STOP', optOutChange: 'opted-out' });
      await expect(send(account, { from: NUMBER })).rejects.toMatchObject({ status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
      expect(await fixture.emulator.admin.optOuts(account.accountSid)).toEqual([
        { recipient: CUSTOMER, sender: NUMBER, keyword, since: expect.any(String) },
      ]);
      // The keyword message still reaches the webhook.
      expect((await fixture.webhooks.waitFor(1))[0].params.Body).toBe(keyword);
    });

    it('matches the whole body in any case, spaces around ignored; "STOP please" is not a keyword', async () => {
      const account = await numberAccount();

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'STOP please' });
      await expect(send(account, { from: NUMBER })).resolves.toMatchObject({ status: 'queued' });
      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: '  sToP ' });

      await expect(send(account, { from: NUMBER })).rejects.toMatchObject({ code: 21610 });
    });

    it('blocks only the number texted when it is in no Messaging Service', async () => {
      const account = await numberAccount();

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'STOP' });

      await expect(send(account, { from: OTHER_NUMBER })).resolves.toMatchObject({ status: 'queued' });
    });

    it("blocks the whole Messaging Service's pool when the number is in one", async () => {
      const account = await serviceAccount();

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'STOP' });

      await expect(send(account, { from: OTHER_NUMBER })).rejects.toMatchObject({ code: 21610 });
      await expect(send(account, { messagingServiceSid: account.messagingServices[0].sid })).rejects.toMatchObject({ code: 21610 });
      expect((await fixture.emulator.admin.optOuts(account.accountSid))[0].sender).toBe(account.messagingServices[0].sid);
    });

    it('applies even when no webhook URL is configured (the message is dropped, the opt-out is kept)', async () => {
      const account = await fixture.emulator.admin.createAccount({ phoneNumbers: [NUMBER] });

      const received = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'QUIT' });

      expect(received).toMatchObject({ webhookUrl: null, optOutChange: 'opted-out' });
      expect((await fixture.emulator.admin.webhookDeliveries()).filter((d) => d.kind === 'incoming-message')).toEqual([]);
      await expect(send(account, { from: NUMBER })).rejects.toMatchObject({ code: 21610 });
    });

    it.each(OPT_IN_KEYWORDS.map((keyword) => [keyword]))('%s takes the sender off the list again', async (keyword) => {
      const account = await numberAccount();
      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'STOP' });

      const received = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: keyword.toLowerCase() });

      expect(received).toMatchObject({ keywordType: 'START', optOutChange: 'opted-in' });
      await expect(send(account, { from: NUMBER })).resolves.toMatchObject({ status: 'queued' });
      expect(await fixture.emulator.admin.optOuts(account.accountSid)).toEqual([]);
    });

    it('lets a seeded unsubscribed recipient opt back in with START', async () => {
      const account = await numberAccount({ unsubscribedRecipients: [CUSTOMER] });
      await expect(send(account, { from: NUMBER })).rejects.toMatchObject({ code: 21610 });

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'START' });

      await expect(send(account, { from: NUMBER })).resolves.toMatchObject({ status: 'queued' });
    });

    it('changes nothing for HELP and INFO', async () => {
      const account = await numberAccount();

      const help = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'HELP' });
      const info = await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'info' });

      expect([help, info].map((r) => [r.keywordType, r.optOutChange])).toEqual([
        ['HELP', null],
        ['HELP', null],
      ]);
      expect(await fixture.emulator.admin.optOuts(account.accountSid)).toEqual([]);
    });
  });

  describe('OptOutType (Advanced Opt-Out)', () => {
    it.each([
      ['STOP', 'STOP'],
      ['unsubscribe', 'STOP'],
      ['START', 'START'],
      ['yes', 'START'],
      ['HELP', 'HELP'],
    ])('adds OptOutType for %s when the service has Advanced Opt-Out on', async (body, type) => {
      await serviceAccount({ advancedOptOut: true });

      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.params.OptOutType).toBe(type);
    });

    it('leaves it out of other messages, of services without Advanced Opt-Out, and of numbers in no service', async () => {
      const account = await serviceAccount({ advancedOptOut: true });
      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'Hello' });
      await fixture.emulator.admin.editMessagingServiceInConsole(account.messagingServices[0].sid, { advancedOptOut: false });
      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: NUMBER, body: 'STOP' });
      const plain = await numberAccount({ phoneNumbers: [{ phoneNumber: '+15555550102', smsUrl: hook('/sms/plain') }] });
      await fixture.emulator.admin.sendInboundMessage({ from: CUSTOMER, to: '+15555550102', body: 'STOP' });

      const webhooks = await fixture.webhooks.waitFor(3);
      expect(webhooks.map((webhook) => webhook.params.OptOutType)).toEqual([undefined, undefined, undefined]);
      expect(plain.accountSid).toMatch(/^AC/);
    });
  });
});
