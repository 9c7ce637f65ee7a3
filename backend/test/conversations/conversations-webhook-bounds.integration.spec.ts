import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { randomUUID } from 'node:crypto';
import { ConversationEventsRepository } from '../../src/conversations/conversation-events.repository';
import { ConversationEventsService } from '../../src/conversations/conversation-events.service';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { messageAddedEvent, postFormWebhook, type WebhookParams } from './support/signed-webhooks';

const ORG_C = 'org_C3d4E5f6G7h8I9j0';
/** WEBHOOK_EVENTS_STORED_PER_ORG for this file: small, so a test reaches it. */
const STORED_LIMIT = 5;

/**
 * As an attacker who knows one organization's Auth Token (the organization itself, or whoever stole
 * it): it can sign as many distinct events as it likes, each kept 90 days. What one organization can
 * store is bounded, and reaching the bound changes nothing for the others.
 */
describe('Conversations webhook: what one organization can store is bounded (integration: FerretDB, Twilio emulator)', () => {
  let sut: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;
  let accountC: EmulatorAccountSummary;
  let publicBaseUrl: string;

  const eventOf = (account: EmulatorAccountSummary) => messageAddedEvent(account.accountSid, account.conversationsServices[0].sid);
  const post = (params: WebhookParams, account: EmulatorAccountSummary, idempotencyToken: string = randomUUID()) =>
    postFormWebhook(sut.http, publicBaseUrl, params, { authToken: account.authToken, idempotencyToken });
  const storedCount = (orgId: string) => sut.connection.collection('conversation_events').countDocuments({ orgId });

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('conversations-webhook-bounds', {
      RATE_LIMIT_VALIDATE_PER_MIN: '1000',
      LOG_LEVEL: 'error',
      WEBHOOK_EVENTS_STORED_PER_ORG: String(STORED_LIMIT),
    });
    publicBaseUrl = sut.config.publicBaseUrl;
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
    accountC = await sut.createTwilioAccount();
    for (const [orgId, account] of [
      [ORG_A, accountA],
      [ORG_B, accountB],
      [ORG_C, accountC],
    ] as const) {
      await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(orgId)).send(settingsFor(account)).expect(200);
    }
  });

  afterAll(() => sut?.close());

  it('answers 429 with Retry-After once an organization signing distinct events reaches the bound; another organization is unaffected and keeps every event', async () => {
    await post(eventOf(accountB), accountB).expect(200);
    await post(eventOf(accountB), accountB).expect(200);

    for (let event = 0; event < STORED_LIMIT; event += 1) await post(eventOf(accountA), accountA).expect(200);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refused = await post(eventOf(accountA), accountA).expect(429);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(await storedCount(ORG_A)).toBe(STORED_LIMIT);

    // The flooding organization evicted nothing of another's, and the other still posts.
    await post(eventOf(accountB), accountB).expect(200);
    expect(await storedCount(ORG_B)).toBe(3);
  });

  it("counts the events other instances stored (they add them to the organization's count)", async () => {
    await sut.connection.collection('conversation_event_counts').updateOne({ orgId: ORG_C }, { $set: { stored: STORED_LIMIT } }, { upsert: true });
    await post(eventOf(accountC), accountC).expect(429);
    expect(await storedCount(ORG_C)).toBe(0);
  });

  it('gives each of several organizations at once its own bound', async () => {
    const orgBRemaining = STORED_LIMIT - (await storedCount(ORG_B));
    const responses = await Promise.all([
      ...Array.from({ length: orgBRemaining + 3 }, () => post(eventOf(accountB), accountB)),
      ...Array.from({ length: 3 }, () => post(eventOf(accountA), accountA)),
    ]);
    const statuses = responses.map((response) => response.status);
    expect(statuses.slice(0, orgBRemaining + 3).sort()).toEqual([...Array(orgBRemaining).fill(200), ...Array(3).fill(429)]);
    expect(statuses.slice(orgBRemaining + 3)).toEqual([429, 429, 429]);
    expect(await storedCount(ORG_B)).toBe(STORED_LIMIT);
  });

  it("takes what the retention clean-up deleted off each organization's count", async () => {
    await sut.app.get(ConversationEventsService).pruneReceivedBefore(new Date(Date.now() + 60_000));
    const counts = await sut.connection.collection('conversation_event_counts').find({ orgId: { $in: [ORG_A, ORG_B] } }).toArray();
    expect(counts.map((count) => count.stored)).toEqual([0, 0]);
    expect(await storedCount(ORG_A)).toBe(0);
  });

  it('gives events stored before the signed content hash existed one of their own, then builds its unique index', async () => {
    const events = sut.connection.collection('conversation_events');
    await events.dropIndex('orgId_1_signedContentHash_1');
    const legacy = ['legacy-1', 'legacy-2', 'legacy-3'].map((idempotencyToken) => ({
      orgId: ORG_C,
      idempotencyToken,
      eventType: 'onMessageAdded',
      accountSid: accountC.accountSid,
      chatServiceSid: accountC.conversationsServices[0].sid,
      fields: [],
      receivedAt: new Date(),
    }));
    await events.insertMany(legacy);

    expect(await sut.app.get(ConversationEventsRepository).backfillSignedContentHashes()).toBe(3);

    const backfilled = await events.find({ orgId: ORG_C, idempotencyToken: /^legacy-/ }).toArray();
    expect(backfilled.map((event) => event.signedContentHash).sort()).toEqual(['legacy:legacy-1', 'legacy:legacy-2', 'legacy:legacy-3']);
    const indexes = await events.indexes();
    expect(indexes.find((index) => index.name === 'orgId_1_signedContentHash_1')).toMatchObject({ unique: true });
  });
});
