import twilio from 'twilio';
import { useTwilioEmulator } from '../testing/emulator-fixture';
import type { ReceivedWebhook } from '../testing/webhook-receiver';

const ALL_POST_EVENTS = [
  'onMessageAdded',
  'onMessageRemoved',
  'onConversationAdded',
  'onConversationRemoved',
  'onParticipantAdded',
  'onParticipantRemoved',
];
const WEBHOOKS_ON = { xTwilioWebhookEnabled: 'true' as const };

describe('Conversations v1 (service-scoped)', () => {
  const fixture = useTwilioEmulator('conversations');

  async function serviceAccount() {
    const account = await fixture.emulator.admin.createAccount({
      phoneNumbers: ['+15555550100'],
      conversationsServices: [{ friendlyName: 'Support' }],
    });
    const serviceSid = account.conversationsServices[0].sid;
    return { account, serviceSid, service: fixture.sdk(account).conversations.v1.services(serviceSid) };
  }

  async function withPostWebhook(filters = ALL_POST_EVENTS, method: 'GET' | 'POST' = 'POST') {
    const context = await serviceAccount();
    const url = `${fixture.webhooks.url}/api/twilio/conversations-webhook`;
    await context.service.configuration.webhooks().update({ postWebhookUrl: url, filters, method });
    return { ...context, url };
  }

  function expectSignedByTwilio(webhook: ReceivedWebhook, authToken: string, url: string) {
    const signature = webhook.headers['x-twilio-signature'] as string;
    const params = webhook.method === 'GET' ? {} : webhook.params;
    expect(twilio.validateRequest(authToken, signature, webhook.method === 'GET' ? webhook.url : url, params)).toBe(true);
  }

  describe('Services fetch (GET /v1/Services/{Sid})', () => {
    it('answers the service with its links', async () => {
      const { account, serviceSid, service } = await serviceAccount();

      const fetched = await service.fetch();

      expect(fetched).toMatchObject({ sid: serviceSid, accountSid: account.accountSid, friendlyName: 'Support' });
      expect(fetched.links.conversations).toBe(`https://conversations.twilio.com/v1/Services/${serviceSid}/Conversations`);
    });

    it('answers 404 / 20404 for a service of another account', async () => {
      const { serviceSid } = await serviceAccount();
      const stranger = await fixture.emulator.admin.createAccount();

      await expect(fixture.sdk(stranger).conversations.v1.services(serviceSid).fetch()).rejects.toMatchObject({
        status: 404,
        code: 20404,
      });
    });
  });

  describe('per-service webhook configuration (/v1/Services/{ChatServiceSid}/Configuration/Webhooks)', () => {
    it('starts empty: no URLs, no filters, method POST', async () => {
      const { service, serviceSid, account } = await serviceAccount();

      const configuration = await service.configuration.webhooks().fetch();

      expect(configuration).toMatchObject({
        accountSid: account.accountSid,
        chatServiceSid: serviceSid,
        preWebhookUrl: null,
        postWebhookUrl: null,
        filters: [],
        method: 'POST',
      });
    });

    it('updates URL, repeated Filters and Method, and keeps them', async () => {
      const { service, serviceSid } = await serviceAccount();

      const updated = await service.configuration.webhooks().update({
        postWebhookUrl: 'https://api.example.com/api/twilio/conversations-webhook',
        filters: ['onMessageAdded', 'onConversationAdded', 'onParticipantAdded'],
        method: 'POST',
      });

      expect(updated.filters).toEqual(['onMessageAdded', 'onConversationAdded', 'onParticipantAdded']);
      expect(await service.configuration.webhooks().fetch()).toMatchObject({
        postWebhookUrl: 'https://api.example.com/api/twilio/conversations-webhook',
        filters: ['onMessageAdded', 'onConversationAdded', 'onParticipantAdded'],
      });
      expect(await fixture.emulator.admin.conversationsWebhook(serviceSid)).toEqual({
        preWebhookUrl: null,
        postWebhookUrl: 'https://api.example.com/api/twilio/conversations-webhook',
        filters: ['onMessageAdded', 'onConversationAdded', 'onParticipantAdded'],
        method: 'POST',
      });
      const [update] = (await fixture.emulator.admin.requests()).filter(
        (exchange) => exchange.operation === 'conversations:UpdateServiceWebhookConfiguration',
      );
      expect(update.params.Filters).toEqual(['onMessageAdded', 'onConversationAdded', 'onParticipantAdded']);
    });

    it('clears a URL set to the empty string', async () => {
      const { service } = await serviceAccount();
      await service.configuration.webhooks().update({ postWebhookUrl: 'https://example.com/post' });

      const cleared = await service.configuration.webhooks().update({ postWebhookUrl: '' });

      expect(cleared.postWebhookUrl).toBeNull();
    });

    it('refuses a Method other than GET or POST', async () => {
      const { service } = await serviceAccount();

      await expect(service.configuration.webhooks().update({ method: 'PUT' })).rejects.toMatchObject({ status: 400 });
    });
  });

  describe('Conversations, Participants and Messages', () => {
    it('creates, lists, fetches (by SID or unique name) and deletes conversations', async () => {
      const { service, serviceSid } = await serviceAccount();

      const created = await service.conversations.create({ friendlyName: 'Ticket 42', uniqueName: 'ticket-42' });
      const listed = await service.conversations.list();
      const byName = await service.conversations('ticket-42').fetch();
      await service.conversations(created.sid).remove();

      expect(created).toMatchObject({ chatServiceSid: serviceSid, friendlyName: 'Ticket 42', state: 'active', attributes: '{}' });
      expect(created.sid).toMatch(/^CH[0-9a-f]{32}$/);
      expect(listed.map((conversation) => conversation.sid)).toEqual([created.sid]);
      expect(byName.sid).toBe(created.sid);
      expect(await service.conversations.list()).toEqual([]);
      await expect(service.conversations(created.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    });

    it('refuses a second conversation with the same unique name (409, 50353)', async () => {
      const { service } = await serviceAccount();
      await service.conversations.create({ uniqueName: 'only-once' });

      await expect(service.conversations.create({ uniqueName: 'only-once' })).rejects.toMatchObject({ status: 409, code: 50353 });
    });

    it('adds chat and SMS participants, lists and removes them', async () => {
      const { service } = await serviceAccount();
      const conversation = await service.conversations.create({});
      const participants = service.conversations(conversation.sid).participants;

      const chat = await participants.create({ identity: 'agent-7' });
      const sms = await participants.create({
        'messagingBinding.address': '+15555550123',
        'messagingBinding.proxyAddress': '+15555550100',
      });
      const listed = await participants.list();
      await participants(chat.sid).remove();

      expect(chat).toMatchObject({ identity: 'agent-7', messagingBinding: null, conversationSid: conversation.sid });
      expect(sms.messagingBinding).toEqual({ type: 'sms', address: '+15555550123', proxy_address: '+15555550100' });
      expect(chat.roleSid).toMatch(/^RL[0-9a-f]{32}$/);
      expect(listed.map((participant) => participant.sid)).toEqual([chat.sid, sms.sid]);
      expect((await participants.list()).map((participant) => participant.sid)).toEqual([sms.sid]);
    });

    it('refuses the same identity twice (409, 50433)', async () => {
      const { service } = await serviceAccount();
      const conversation = await service.conversations.create({});
      await service.conversations(conversation.sid).participants.create({ identity: 'agent-7' });

      await expect(service.conversations(conversation.sid).participants.create({ identity: 'agent-7' })).rejects.toMatchObject({
        status: 409,
        code: 50433,
      });
    });

    describe('an SMS binding (address + proxy address) in one open conversation at a time (50416)', () => {
      const sms = (address: string, proxyAddress = '+15555550100') => ({
        'messagingBinding.address': address,
        'messagingBinding.proxyAddress': proxyAddress,
      });
      const bound = (conversationSid: string) => ({
        status: 409,
        code: 50416,
        message: `A binding for this participant and proxy address already exists in Conversation ${conversationSid}`,
        moreInfo: 'https://www.twilio.com/docs/errors/50416',
      });

      it('refuses the pair in another conversation with 409 / 50416, naming the conversation that holds it', async () => {
        const { service } = await serviceAccount();
        const first = await service.conversations.create({});
        const second = await service.conversations.create({});
        await service.conversations(first.sid).participants.create(sms('+15555550123'));

        await expect(service.conversations(second.sid).participants.create(sms('+15555550123'))).rejects.toMatchObject(bound(first.sid));
        expect(await service.conversations(second.sid).participants.list()).toEqual([]);
      });

      it('refuses the pair twice in the same conversation, naming it', async () => {
        const { service } = await serviceAccount();
        const conversation = await service.conversations.create({});
        await service.conversations(conversation.sid).participants.create(sms('+15555550123'));

        await expect(service.conversations(conversation.sid).participants.create(sms('+15555550123'))).rejects.toMatchObject(
          bound(conversation.sid),
        );
      });

      it('refuses the pair across the account’s Conversations Services: inbound SMS routes by the pair', async () => {
        const account = await fixture.emulator.admin.createAccount({
          phoneNumbers: ['+15555550100'],
          conversationsServices: [{ friendlyName: 'Support' }, { friendlyName: 'Sales' }],
        });
        const [support, sales] = account.conversationsServices.map((s) => fixture.sdk(account).conversations.v1.services(s.sid));
        const first = await support.conversations.create({});
        const second = await sales.conversations.create({});
        await support.conversations(first.sid).participants.create(sms('+15555550123'));

        await expect(sales.conversations(second.sid).participants.create(sms('+15555550123'))).rejects.toMatchObject(bound(first.sid));
      });

      it('accepts the same address with another proxy address, and the pair again once its conversation or participant is gone', async () => {
        const account = await fixture.emulator.admin.createAccount({
          phoneNumbers: ['+15555550100', '+15555550101'],
          conversationsServices: [{}],
        });
        const service = fixture.sdk(account).conversations.v1.services(account.conversationsServices[0].sid);
        const [first, second, third] = await Promise.all([0, 1, 2].map(() => service.conversations.create({})));
        const held = await service.conversations(first.sid).participants.create(sms('+15555550123'));

        const otherProxy = await service.conversations(second.sid).participants.create(sms('+15555550123', '+15555550101'));
        await service.conversations(first.sid).participants(held.sid).remove();
        const afterRemoval = await service.conversations(second.sid).participants.create(sms('+15555550123'));
        await service.conversations(second.sid).remove();
        const afterDeletion = await service.conversations(third.sid).participants.create(sms('+15555550123'));

        expect(otherProxy.messagingBinding).toMatchObject({ proxy_address: '+15555550101' });
        expect(afterRemoval.conversationSid).toBe(second.sid);
        expect(afterDeletion.conversationSid).toBe(third.sid);
      });

      it('lets a closed conversation release the pair', async () => {
        const { service } = await serviceAccount();
        const closed = await service.conversations.create({ state: 'closed' });
        const open = await service.conversations.create({});
        await service.conversations(closed.sid).participants.create(sms('+15555550123'));

        await expect(service.conversations(open.sid).participants.create(sms('+15555550123'))).resolves.toMatchObject({ conversationSid: open.sid });
      });
    });

    it('adds messages with increasing indexes, lists them in either order and deletes them', async () => {
      const { service } = await serviceAccount();
      const conversation = await service.conversations.create({});
      const thread = service.conversations(conversation.sid);
      const agent = await thread.participants.create({ identity: 'agent-7' });

      const first = await thread.messages.create({ author: 'agent-7', body: 'Hello' });
      const second = await thread.messages.create({ body: 'System notice' });
      const newestFirst = await thread.messages.list({ order: 'desc' });
      await thread.messages(first.sid).remove();

      expect(first).toMatchObject({ index: 0, author: 'agent-7', participantSid: agent.sid, body: 'Hello' });
      expect(second).toMatchObject({ index: 1, author: 'system', participantSid: null });
      expect(newestFirst.map((message) => message.index)).toEqual([1, 0]);
      expect((await thread.messages.list()).map((message) => message.sid)).toEqual([second.sid]);
    });
  });

  describe('post-event webhooks', () => {
    it('posts onConversationAdded, onParticipantAdded and onMessageAdded with the fields Twilio sends, signed', async () => {
      const { account, serviceSid, service, url } = await withPostWebhook();

      const conversation = await service.conversations.create({ friendlyName: 'Ticket', ...WEBHOOKS_ON });
      const participant = await service.conversations(conversation.sid).participants.create({ identity: 'agent-7', ...WEBHOOKS_ON });
      const message = await service.conversations(conversation.sid).messages.create({ author: 'agent-7', body: 'Hi', ...WEBHOOKS_ON });

      const received = await fixture.webhooks.waitFor(3);
      const byEvent = Object.fromEntries(received.map((webhook) => [webhook.params.EventType, webhook]));
      const common = { AccountSid: account.accountSid, ChatServiceSid: serviceSid, ConversationSid: conversation.sid, Source: 'API', RetryCount: '0' };
      expect(byEvent.onConversationAdded.params).toMatchObject({ ...common, FriendlyName: 'Ticket', State: 'active', Attributes: '{}' });
      expect(byEvent.onParticipantAdded.params).toMatchObject({ ...common, ParticipantSid: participant.sid, Identity: 'agent-7' });
      expect(byEvent.onMessageAdded.params).toMatchObject({
        ...common,
        MessageSid: message.sid,
        Body: 'Hi',
        Author: 'agent-7',
        Index: '0',
        ParticipantSid: participant.sid,
        DateCreated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
      });
      for (const webhook of received) {
        expect(webhook.method).toBe('POST');
        expect(webhook.path).toBe('/api/twilio/conversations-webhook');
        expect(webhook.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
        expectSignedByTwilio(webhook, account.authToken, url);
      }
    });

    it('posts the removal events when conversations, participants and messages are deleted', async () => {
      const { service } = await withPostWebhook();
      const conversation = await service.conversations.create({});
      const thread = service.conversations(conversation.sid);
      const participant = await thread.participants.create({ identity: 'a' });
      const message = await thread.messages.create({ body: 'x' });

      await thread.messages(message.sid).remove(WEBHOOKS_ON);
      await thread.participants(participant.sid).remove(WEBHOOKS_ON);
      await thread.remove(WEBHOOKS_ON);

      const received = await fixture.webhooks.waitFor(3);
      expect(received.map((webhook) => webhook.params.EventType).sort()).toEqual([
        'onConversationRemoved',
        'onMessageRemoved',
        'onParticipantRemoved',
      ]);
      expect(received.find((w) => w.params.EventType === 'onMessageRemoved')?.params).toMatchObject({ MessageSid: message.sid });
    });

    it('sends nothing for REST calls without X-Twilio-Webhook-Enabled: true, as Twilio', async () => {
      const { service } = await withPostWebhook();

      const conversation = await service.conversations.create({});
      await service.conversations(conversation.sid).messages.create({ body: 'quiet' });
      await new Promise((resolve) => setTimeout(resolve, 50));

      expect(await fixture.emulator.admin.webhookDeliveries()).toEqual([]);
    });

    it('sends only the events whose filter is set', async () => {
      const { service } = await withPostWebhook(['onMessageAdded']);

      const conversation = await service.conversations.create(WEBHOOKS_ON);
      await service.conversations(conversation.sid).messages.create({ body: 'x', ...WEBHOOKS_ON });

      const received = await fixture.webhooks.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received.map((webhook) => webhook.params.EventType)).toEqual(['onMessageAdded']);
      expect(fixture.webhooks.received).toHaveLength(1);
    });

    it('retries a 5xx answer with the same idempotency token, each attempt signed', async () => {
      const { account, service, url } = await withPostWebhook(['onConversationAdded']);
      let calls = 0;
      fixture.webhooks.answer = (_webhook, response) => {
        calls++;
        response.writeHead(calls === 1 ? 503 : 200).end();
      };

      await service.conversations.create(WEBHOOKS_ON);

      const [first, retry] = await fixture.webhooks.waitFor(2);
      expect(first.headers['i-twilio-idempotency-token']).toBe(retry.headers['i-twilio-idempotency-token']);
      expect([first.params.RetryCount, retry.params.RetryCount]).toEqual(['0', '1']);
      expectSignedByTwilio(first, account.authToken, url);
      expectSignedByTwilio(retry, account.authToken, url);
      const deliveries = await fixture.emulator.admin.waitForWebhookDelivery((delivery) => delivery.attempt === 2);
      expect(deliveries.responseStatus).toBe(200);
    });

    it('gives up after the first attempt and two retries', async () => {
      const { service } = await withPostWebhook(['onConversationAdded']);
      fixture.webhooks.answer = (_webhook, response) => {
        response.writeHead(500).end();
      };

      await service.conversations.create(WEBHOOKS_ON);

      await fixture.webhooks.waitFor(3);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fixture.webhooks.received).toHaveLength(3);
    });

    it('does not retry a 4xx answer', async () => {
      const { service } = await withPostWebhook(['onConversationAdded']);
      fixture.webhooks.answer = (_webhook, response) => {
        response.writeHead(403).end();
      };

      await service.conversations.create(WEBHOOKS_ON);

      await fixture.webhooks.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect(fixture.webhooks.received).toHaveLength(1);
    });

    it('uses GET with the parameters in the query string when the Method is GET', async () => {
      const { account, service } = await withPostWebhook(['onConversationAdded'], 'GET');

      await service.conversations.create({ friendlyName: 'by GET', ...WEBHOOKS_ON });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.method).toBe('GET');
      expect(new URL(webhook.url).searchParams.get('FriendlyName')).toBe('by GET');
      expectSignedByTwilio(webhook, account.authToken, webhook.url);
    });

    it('posts onMessageAdded with Source=SDK for a message a chat client sends (admin simulation)', async () => {
      const { account, serviceSid, service, url } = await withPostWebhook(['onMessageAdded']);
      const conversation = await service.conversations.create({ uniqueName: 'chat' });

      const posted = await fixture.emulator.admin.simulateConversationMessage(serviceSid, 'chat', { author: 'customer-1', body: 'Help!' });

      const [webhook] = await fixture.webhooks.waitFor(1);
      expect(webhook.params).toMatchObject({
        EventType: 'onMessageAdded',
        Source: 'SDK',
        ClientIdentity: 'customer-1',
        ConversationSid: conversation.sid,
        MessageSid: posted.sid,
        Body: 'Help!',
      });
      expectSignedByTwilio(webhook, account.authToken, url);
    });
  });
});
