import { useTwilioEmulator } from '../testing/emulator-fixture';

describe("the emulator's Console: changes made by a person, behind the product's back", () => {
  const fixture = useTwilioEmulator('console-edits');

  describe('a Conversations Service’s webhooks', () => {
    it('changes URL, method and filters; the REST fetch shows the change and no REST call was journaled', async () => {
      const account = await fixture.emulator.admin.createAccount({
        conversationsServices: [{ webhooks: { postWebhookUrl: 'https://product.example/webhook', filters: ['onMessageAdded'], method: 'POST' } }],
      });
      const serviceSid = account.conversationsServices[0].sid;

      const edited = await fixture.emulator.admin.editConversationsWebhookInConsole(serviceSid, {
        postWebhookUrl: 'https://someone-else.example/hook',
        method: 'GET',
        filters: ['onMessageAdded', 'onConversationAdded'],
      });

      expect(edited).toEqual({
        preWebhookUrl: null,
        postWebhookUrl: 'https://someone-else.example/hook',
        method: 'GET',
        filters: ['onMessageAdded', 'onConversationAdded'],
      });
      expect(await fixture.emulator.admin.requests()).toEqual([]);
      const fetched = await fixture.sdk(account).conversations.v1.services(serviceSid).configuration.webhooks().fetch();
      expect(fetched).toMatchObject({ postWebhookUrl: 'https://someone-else.example/hook', method: 'GET', filters: ['onMessageAdded', 'onConversationAdded'] });
    });

    it('changes only the fields given; null clears a URL; events then go where the Console says', async () => {
      const account = await fixture.emulator.admin.createAccount({
        conversationsServices: [{ webhooks: { postWebhookUrl: `${fixture.webhooks.url}/product`, filters: ['onConversationAdded'] } }],
      });
      const serviceSid = account.conversationsServices[0].sid;

      await fixture.emulator.admin.editConversationsWebhookInConsole(serviceSid, { filters: [] });
      await fixture.sdk(account).conversations.v1.services(serviceSid).conversations.create({ xTwilioWebhookEnabled: 'true' });
      await fixture.emulator.admin.editConversationsWebhookInConsole(serviceSid, { filters: ['onConversationAdded'], postWebhookUrl: null });

      expect(await fixture.emulator.admin.conversationsWebhook(serviceSid)).toEqual({
        preWebhookUrl: null,
        postWebhookUrl: null,
        method: 'POST',
        filters: ['onConversationAdded'],
      });
      expect(await fixture.emulator.admin.webhookDeliveries()).toEqual([]);
    });

    it.each([
      [{ postWebhookUrl: 'not a url' }, /postWebhookUrl must be an absolute http\(s\) URL/],
      [{ method: 'PUT' }, /method must be GET or POST/],
      [{ filters: ['message added'] }, /filters must be a list of event names/],
    ])('refuses %j with 400 and changes nothing', async (edit, error) => {
      const account = await fixture.emulator.admin.createAccount({ conversationsServices: [{ webhooks: { postWebhookUrl: 'https://product.example/webhook' } }] });
      const serviceSid = account.conversationsServices[0].sid;

      await expect(fixture.emulator.admin.editConversationsWebhookInConsole(serviceSid, edit as never)).rejects.toThrow(error);
      expect((await fixture.emulator.admin.conversationsWebhook(serviceSid)).postWebhookUrl).toBe('https://product.example/webhook');
    });

    it('answers 404 for a service that does not exist', async () => {
      await expect(fixture.emulator.admin.editConversationsWebhookInConsole(`IS${'0'.repeat(32)}`, { method: 'GET' })).rejects.toThrow(/404/);
    });
  });

  describe('a phone number and a Messaging Service', () => {
    it("sets a number's SmsUrl (by number or SID) and a service's integration, seen through the REST API", async () => {
      const account = await fixture.emulator.admin.createAccount({ phoneNumbers: ['+15555550100'], messagingServices: [{}] });
      const client = fixture.sdk(account);

      await fixture.emulator.admin.editPhoneNumberInConsole('+15555550100', { smsUrl: 'https://product.example/sms', smsMethod: 'GET' });
      const edited = await fixture.emulator.admin.editMessagingServiceInConsole(account.messagingServices[0].sid, {
        inboundRequestUrl: 'https://product.example/inbound',
        statusCallback: 'https://product.example/status',
        advancedOptOut: true,
      });

      expect(edited).toMatchObject({ inboundRequestUrl: 'https://product.example/inbound', advancedOptOut: true, useInboundWebhookOnNumber: false });
      expect((await client.incomingPhoneNumbers.list())[0]).toMatchObject({ smsUrl: 'https://product.example/sms', smsMethod: 'GET' });
      expect(await client.messaging.v1.services(account.messagingServices[0].sid).fetch()).toMatchObject({
        inboundRequestUrl: 'https://product.example/inbound',
        statusCallback: 'https://product.example/status',
      });
      await fixture.emulator.admin.editPhoneNumberInConsole(account.phoneNumbers[0].sid, { smsUrl: null });
      expect((await client.incomingPhoneNumbers.list())[0].smsUrl).toBeNull();
    });

    it('refuses a flag that is not a boolean', async () => {
      const account = await fixture.emulator.admin.createAccount({ messagingServices: [{}] });

      await expect(
        fixture.emulator.admin.editMessagingServiceInConsole(account.messagingServices[0].sid, { advancedOptOut: 'yes' } as never),
      ).rejects.toThrow(/advancedOptOut must be true or false/);
    });
  });
});
