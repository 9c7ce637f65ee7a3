import { CONVERSATIONS_WEBHOOK_PATH } from '@twilio-config/shared';
import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { ORG_A, ORG_B, settingsFor, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { startListeningTestApp } from './support/listening-test-app';

interface EventItem {
  eventType: string;
  conversationSid: string;
  author: string;
  body: string;
  source: string;
}

describe('Conversations webhook end to end (the Twilio emulator posts real signed events to the listening API)', () => {
  let sut: TwilioConfigTestApp;
  let webhookUrl: string;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;

  const events = async (orgId: string): Promise<EventItem[]> =>
    (await sut.http.get('/api/conversations/events').set('Authorization', sut.bearer(orgId)).expect(200)).body.items;

  beforeAll(async () => {
    const started = await startListeningTestApp('conversations-webhook-e2e', { RATE_LIMIT_VALIDATE_PER_MIN: '1000', LOG_LEVEL: 'error' });
    sut = started.sut;
    webhookUrl = `${started.origin}${CONVERSATIONS_WEBHOOK_PATH}`;
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
    for (const [orgId, account] of [[ORG_A, accountA], [ORG_B, accountB]] as const) {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(orgId)).send(settingsFor(account)).expect(200);
      await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', sut.bearer(orgId)).send({ webhookUrl }).expect(200);
    }
  });

  afterAll(() => sut?.close());

  it('configuring the webhook through the API points the Conversations Service at the receiver', async () => {
    const configured = await sut.emulator.admin.conversationsWebhook(accountA.conversationsServices[0].sid);
    expect(configured).toMatchObject({ postWebhookUrl: webhookUrl, method: 'POST' });
    expect(configured.filters).toContain('onMessageAdded');
  });

  it("an onMessageAdded that Twilio posts is accepted and lands for the organization whose service sent it, and only there", async () => {
    const customer = '+61400700701';
    const created = await sut.http.post('/api/conversations').set('Authorization', sut.bearer(ORG_A)).send({ phoneNumber: customer }).expect(200);
    const conversationSid: string = created.body.conversationSid;

    await sut.emulator.admin.simulateConversationMessage(accountA.conversationsServices[0].sid, conversationSid, {
      author: customer,
      body: 'My parcel has not arrived',
    });
    const delivery = await sut.emulator.admin.waitForWebhookDelivery(
      (candidate) => candidate.params.EventType === 'onMessageAdded' && candidate.params.ConversationSid === conversationSid,
    );

    expect(delivery.responseStatus).toBe(200);
    expect(delivery.headers['X-Twilio-Signature']).toEqual(expect.any(String));
    expect(await events(ORG_A)).toEqual([
      expect.objectContaining({ eventType: 'onMessageAdded', conversationSid, author: customer, body: 'My parcel has not arrived', source: 'SDK' }),
    ]);
    expect(await events(ORG_B)).toEqual([]);
  });

  it("another organization's events go to that organization", async () => {
    const customer = '+61400700702';
    const created = await sut.http.post('/api/conversations').set('Authorization', sut.bearer(ORG_B)).send({ phoneNumber: customer }).expect(200);
    const conversationSid: string = created.body.conversationSid;

    await sut.emulator.admin.simulateConversationMessage(accountB.conversationsServices[0].sid, conversationSid, { author: customer, body: 'Hello B' });
    const delivery = await sut.emulator.admin.waitForWebhookDelivery((candidate) => candidate.params.ConversationSid === conversationSid);

    expect(delivery.responseStatus).toBe(200);
    expect((await events(ORG_B)).map((event) => event.body)).toEqual(['Hello B']);
    expect((await events(ORG_A)).map((event) => event.body)).not.toContain('Hello B');
  });

  it('refuses events Twilio signed for a URL other than the public one, even when they reach the receiver (403, nothing stored)', async () => {
    const account = await sut.createTwilioAccount();
    const orgId = 'org_F6g7H8i9J0k1L2m3';
    const bearer = sut.bearer(orgId);
    await sut.http.post('/api/twilio-config/settings').set('Authorization', bearer).send(settingsFor(account)).expect(200);
    // Routed to the same handler, but not the URL the receiver checks: Twilio signs what it was given.
    await sut.http.post('/api/twilio-config/webhook/configure').set('Authorization', bearer).send({ webhookUrl: `${webhookUrl}/` }).expect(200);
    const customer = '+61400700703';
    const created = await sut.http.post('/api/conversations').set('Authorization', bearer).send({ phoneNumber: customer }).expect(200);

    await sut.emulator.admin.simulateConversationMessage(account.conversationsServices[0].sid, created.body.conversationSid, { author: customer, body: 'Hi' });
    const delivery = await sut.emulator.admin.waitForWebhookDelivery((candidate) => candidate.params.ConversationSid === created.body.conversationSid);

    expect(delivery.url).toBe(`${webhookUrl}/`);
    expect(delivery.responseStatus).toBe(403);
    expect(await events(orgId)).toEqual([]);
  });
});
