import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { randomUUID } from 'node:crypto';
import { ConversationEventsRepository } from '../../src/conversations/conversation-events.repository';
import { ConversationEventsService } from '../../src/conversations/conversation-events.service';
import twilio from 'twilio';
import { SettingsChangeBus, TwilioSecrets, TwilioSettingsRepository } from '../../src/twilio-settings-store';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { FORBIDDEN_BODY, messageAddedEvent, postFormWebhook, postJsonWebhook, randomSid, type WebhookParams } from './support/signed-webhooks';

const ORG_C = 'org_C3d4E5f6G7h8I9j0';
const ORG_D = 'org_D4e5F6g7H8i9J0k1';
const ORG_E = 'org_E5f6G7h8I9j0K1l2';

describe('POST /api/twilio/conversations-webhook (integration: FerretDB, Twilio emulator, RS256 tokens)', () => {
  let sut: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;
  /** One Twilio account with two Conversations Services, used by organizations C and D. */
  let sharedAccount: EmulatorAccountSummary;
  let publicBaseUrl: string;

  const serviceOf = (account: EmulatorAccountSummary, index = 0) => account.conversationsServices[index].sid;
  const post = (params: WebhookParams, options: { authToken: string; signature?: string | null; signedUrl?: string; idempotencyToken?: string | null }) =>
    postFormWebhook(sut.http, publicBaseUrl, params, options);
  const storedEvents = (filter: Record<string, unknown> = {}) => sut.connection.collection('conversation_events').find(filter).toArray();
  /** A parameter of a stored event, read from its form-encoded parameters as the API reads it. */
  const storedParameter = (event: Record<string, unknown>, name: string) => new URLSearchParams(String(event.encodedFields)).get(name);
  const eventsSeenBy = async (orgId: string) =>
    (await sut.http.get('/api/conversations/events').set('Authorization', sut.bearer(orgId)).expect(200)).body.items as { messageSid: string }[];

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('conversations-webhook', { RATE_LIMIT_VALIDATE_PER_MIN: '1000', LOG_LEVEL: 'error' });
    publicBaseUrl = sut.config.publicBaseUrl;
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
    sharedAccount = await sut.emulator.admin.createAccount({
      phoneNumbers: ['+61255501001'],
      conversationsServices: [{ friendlyName: 'Team C' }, { friendlyName: 'Team D' }],
    });
    const save = (orgId: string, body: Record<string, unknown>) =>
      sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(orgId)).send(body).expect(200);
    await save(ORG_A, settingsFor(accountA));
    await save(ORG_B, settingsFor(accountB));
    await save(ORG_C, settingsFor(sharedAccount, { conversationsServiceSid: serviceOf(sharedAccount, 0) }));
    await save(ORG_D, settingsFor(sharedAccount, { conversationsServiceSid: serviceOf(sharedAccount, 1) }));
  });

  afterAll(() => sut?.close());

  beforeEach(() => sut.connection.collection('conversation_events').deleteMany({}));

  describe('a correctly signed event', () => {
    it("answers 200 and stores it for the organization that owns the account and service, lean: its keys and Twilio's parameters", async () => {
      const event = messageAddedEvent(accountA.accountSid, serviceOf(accountA));
      await post(event, { authToken: accountA.authToken }).expect(200);

      const stored = await storedEvents();
      expect(stored).toHaveLength(1);
      expect(Object.keys(stored[0]).sort()).toEqual(['_id', 'conversationSid', 'encodedFields', 'idempotencyToken', 'orgId', 'receivedAt', 'signedContentHash']);
      expect(stored[0]).toMatchObject({ orgId: ORG_A, conversationSid: event.ConversationSid });
      expect([...new URLSearchParams(stored[0].encodedFields)]).toEqual(Object.entries(event));
    });

    it('shows the named fields read from the stored parameters', async () => {
      const event = messageAddedEvent(accountA.accountSid, serviceOf(accountA));
      await post(event, { authToken: accountA.authToken }).expect(200);
      const [item] = (await sut.http.get('/api/conversations/events').set('Authorization', sut.bearer(ORG_A)).expect(200)).body.items;
      expect(item).toMatchObject({
        eventType: 'onMessageAdded',
        conversationSid: event.ConversationSid,
        messageSid: event.MessageSid,
        author: event.Author,
        body: event.Body,
      });
    });

    it('shows events stored before the lean shape (named fields, parameters as pairs) as they were stored', async () => {
      const messageSid = randomSid('IM');
      await sut.connection.collection('conversation_events').insertOne({
        orgId: ORG_A,
        idempotencyToken: `legacy-${randomUUID()}`,
        signedContentHash: `legacy:${randomUUID()}`,
        eventType: 'onMessageAdded',
        conversationSid: null,
        messageSid,
        participantSid: null,
        author: '+61400111333',
        body: 'Stored long ago',
        source: 'SMS',
        fields: [{ name: 'MessageSid', value: messageSid }],
        receivedAt: new Date(),
      });
      const [item] = (await sut.http.get('/api/conversations/events').set('Authorization', sut.bearer(ORG_A)).expect(200)).body.items;
      expect(item).toMatchObject({ messageSid, author: '+61400111333', body: 'Stored long ago', conversationSid: null, fields: [{ name: 'MessageSid', value: messageSid }] });
    });

    it("shows it to the organization's support users, newest first, and to nobody else", async () => {
      const first = messageAddedEvent(accountA.accountSid, serviceOf(accountA));
      const second = messageAddedEvent(accountA.accountSid, serviceOf(accountA), { ConversationSid: first.ConversationSid, Index: '1' });
      const ofB = messageAddedEvent(accountB.accountSid, serviceOf(accountB));
      await post(first, { authToken: accountA.authToken }).expect(200);
      await post(second, { authToken: accountA.authToken }).expect(200);
      await post(ofB, { authToken: accountB.authToken }).expect(200);

      expect((await eventsSeenBy(ORG_A)).map((event) => event.messageSid)).toEqual([second.MessageSid, first.MessageSid]);
      expect((await eventsSeenBy(ORG_B)).map((event) => event.messageSid)).toEqual([ofB.MessageSid]);
      const filtered = await sut.http
        .get('/api/conversations/events')
        .query({ conversationSid: ofB.ConversationSid })
        .set('Authorization', sut.bearer(ORG_A))
        .expect(200);
      expect(filtered.body.items).toEqual([]);
    });

    it("keeps every parameter's exact name and value, dotted names included", async () => {
      const event = {
        ...messageAddedEvent(accountA.accountSid, serviceOf(accountA), { EventType: 'onParticipantAdded' }),
        'MessagingBinding.Address': '+61400111222',
        'MessagingBinding.ProxyAddress': accountA.phoneNumbers[0].phoneNumber,
      };
      await post(event, { authToken: accountA.authToken }).expect(200);
      const [item] = (await sut.http.get('/api/conversations/events').set('Authorization', sut.bearer(ORG_A)).expect(200)).body.items;
      expect(item.fields).toEqual(expect.arrayContaining([{ name: 'MessagingBinding.Address', value: '+61400111222' }]));
    });

    it('still verifies and accepts the events of a disabled organization (documented: disabling stops outbound use only)', async () => {
      await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_B)).send({ enabled: false }).expect(200);
      try {
        await post(messageAddedEvent(accountB.accountSid, serviceOf(accountB)), { authToken: accountB.authToken }).expect(200);
        await post(messageAddedEvent(accountB.accountSid, serviceOf(accountB)), { authToken: 'f'.repeat(32) }).expect(403);
        expect(await storedEvents({ orgId: ORG_B })).toHaveLength(1);
      } finally {
        await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_B)).send({ enabled: true }).expect(200);
      }
    });
  });

  describe('organizations sharing one Twilio account', () => {
    it('routes each event to the organization whose Conversations Service sent it', async () => {
      const forD = messageAddedEvent(sharedAccount.accountSid, serviceOf(sharedAccount, 1));
      const forC = messageAddedEvent(sharedAccount.accountSid, serviceOf(sharedAccount, 0));
      await post(forD, { authToken: sharedAccount.authToken }).expect(200);
      await post(forC, { authToken: sharedAccount.authToken }).expect(200);

      expect((await storedEvents({ orgId: ORG_D })).map((event) => storedParameter(event, 'MessageSid'))).toEqual([forD.MessageSid]);
      expect((await storedEvents({ orgId: ORG_C })).map((event) => storedParameter(event, 'MessageSid'))).toEqual([forC.MessageSid]);
    });

    it('gives an event of a service two organizations name to the enabled one, and to nobody while both are enabled', async () => {
      const bearerE = sut.bearer(ORG_E);
      await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', bearerE)
        .send(settingsFor(sharedAccount, { conversationsServiceSid: serviceOf(sharedAccount, 0) }))
        .expect(200);
      try {
        await post(messageAddedEvent(sharedAccount.accountSid, serviceOf(sharedAccount, 0)), { authToken: sharedAccount.authToken }).expect(403);
        await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', bearerE).send({ enabled: false }).expect(200);
        await post(messageAddedEvent(sharedAccount.accountSid, serviceOf(sharedAccount, 0)), { authToken: sharedAccount.authToken }).expect(200);
        expect(await storedEvents({ orgId: ORG_C })).toHaveLength(1);
        expect(await storedEvents({ orgId: ORG_E })).toHaveLength(0);
      } finally {
        await sut.http.delete('/api/twilio-config/settings').set('Authorization', bearerE).expect(204);
      }
    });

    it("refuses an event from a service of the account that no organization uses", async () => {
      await post(messageAddedEvent(sharedAccount.accountSid, randomSid('IS')), { authToken: sharedAccount.authToken }).expect(403);
      expect(await storedEvents()).toHaveLength(0);
    });
  });

  describe('anything else answers 403 with the same body, and nothing is stored', () => {
    it.each<[string, () => { params: WebhookParams; options: Parameters<typeof post>[1] }]>([
      ['a wrong signature', () => ({ params: eventOfA(), options: { authToken: accountA.authToken, signature: 'bm90IHRoZSBzaWduYXR1cmU=' } })],
      ['no signature', () => ({ params: eventOfA(), options: { authToken: accountA.authToken, signature: null } })],
      ["a signature made with another organization's Auth Token", () => ({ params: eventOfA(), options: { authToken: accountB.authToken } })],
      [
        'an unknown AccountSid (signed with a token of its own)',
        () => ({ params: messageAddedEvent(randomSid('AC'), serviceOf(accountA)), options: { authToken: 'a'.repeat(32) } }),
      ],
      [
        "an unknown AccountSid signed with a known organization's token",
        () => ({ params: messageAddedEvent(randomSid('AC'), serviceOf(accountA)), options: { authToken: accountA.authToken } }),
      ],
      ['no AccountSid', () => ({ params: withoutField(eventOfA(), 'AccountSid'), options: { authToken: accountA.authToken } })],
      [
        "a ChatServiceSid that is not the organization's",
        () => ({ params: messageAddedEvent(accountA.accountSid, serviceOf(accountB)), options: { authToken: accountA.authToken } }),
      ],
      ['no ChatServiceSid', () => ({ params: withoutField(eventOfA(), 'ChatServiceSid'), options: { authToken: accountA.authToken } })],
      [
        'a signature for the URL the request arrived on behind a proxy, not the public URL',
        () => ({
          params: eventOfA(),
          options: { authToken: accountA.authToken, signedUrl: 'http://10.0.3.7:3000/api/twilio/conversations-webhook' },
        }),
      ],
      [
        'a signature for another path of the public host',
        () => ({ params: eventOfA(), options: { authToken: accountA.authToken, signedUrl: `${publicBaseUrl}/api/twilio/other-webhook` } }),
      ],
    ])('%s', async (_case, build) => {
      const { params, options } = build();
      const response = await post(params, options).expect(403);
      expect(response.body).toEqual(FORBIDDEN_BODY);
      expect(await storedEvents()).toHaveLength(0);
    });

    it('a body changed after it was signed', async () => {
      const event = eventOfA();
      const signature = twilio.getExpectedTwilioSignature(accountA.authToken, `${publicBaseUrl}/api/twilio/conversations-webhook`, event);
      const response = await post({ ...event, Body: 'Send the refund to me instead' }, { authToken: accountA.authToken, signature }).expect(403);
      expect(response.body).toEqual(FORBIDDEN_BODY);
      expect(await storedEvents()).toHaveLength(0);
    });

    it('a body that is neither a form nor JSON', async () => {
      const response = await sut.http
        .post('/api/twilio/conversations-webhook')
        .set('Content-Type', 'text/plain')
        .set('X-Twilio-Signature', 'AAAA')
        .send('AccountSid=' + accountA.accountSid)
        .expect(403);
      expect(response.body).toEqual(FORBIDDEN_BODY);
    });

    it('never needs (or reads) an access token: a bearer token does not make an unsigned request acceptable', async () => {
      await postFormWebhook(sut.http, publicBaseUrl, eventOfA(), { authToken: accountA.authToken, signature: null })
        .set('Authorization', sut.bearer(ORG_A))
        .expect(403);
    });
  });

  describe('I-Twilio-Idempotency-Token', () => {
    it('accepts a repeated delivery once: both answered 200, one event stored', async () => {
      const event = eventOfA();
      const idempotencyToken = randomUUID();
      await post(event, { authToken: accountA.authToken, idempotencyToken }).expect(200);
      await post(event, { authToken: accountA.authToken, idempotencyToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });

    it("treats Twilio's retry (same token, next RetryCount, signed again) as the same delivery", async () => {
      const event = eventOfA();
      const idempotencyToken = randomUUID();
      await post(event, { authToken: accountA.authToken, idempotencyToken }).expect(200);
      await post({ ...event, RetryCount: '1' }, { authToken: accountA.authToken, idempotencyToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });

    it('stores concurrent deliveries of one token once', async () => {
      const event = eventOfA();
      const idempotencyToken = randomUUID();
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => post(event, { authToken: accountA.authToken, idempotencyToken })),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });

    it('stores different tokens separately', async () => {
      await post(eventOfA(), { authToken: accountA.authToken }).expect(200);
      await post(eventOfA(), { authToken: accountA.authToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(2);
    });

    it('keys tokens per organization: the same token from another organization is not a duplicate', async () => {
      const idempotencyToken = randomUUID();
      await post(eventOfA(), { authToken: accountA.authToken, idempotencyToken }).expect(200);
      await post(messageAddedEvent(accountB.accountSid, serviceOf(accountB)), { authToken: accountB.authToken, idempotencyToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
      expect(await storedEvents({ orgId: ORG_B })).toHaveLength(1);
    });

    it('without a token, accepts a retry of the same event once (keyed by the event minus RetryCount)', async () => {
      const event = eventOfA();
      await post(event, { authToken: accountA.authToken, idempotencyToken: null }).expect(200);
      await post({ ...event, RetryCount: '1' }, { authToken: accountA.authToken, idempotencyToken: null }).expect(200);
      await post(eventOfA(), { authToken: accountA.authToken, idempotencyToken: null }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(2);
    });

    it('does not let a refused request use up a token', async () => {
      const event = eventOfA();
      const idempotencyToken = randomUUID();
      await post(event, { authToken: accountB.authToken, idempotencyToken }).expect(403);
      await post(event, { authToken: accountA.authToken, idempotencyToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });
  });

  describe('a captured signed request replayed by an attacker (the idempotency token is not signed)', () => {
    it('stores it once however many new I-Twilio-Idempotency-Token values it is replayed with', async () => {
      const captured = eventOfA();
      const signature = twilio.getExpectedTwilioSignature(accountA.authToken, `${publicBaseUrl}/api/twilio/conversations-webhook`, captured);
      await post(captured, { authToken: accountA.authToken, signature, idempotencyToken: randomUUID() }).expect(200);
      for (let replay = 0; replay < 5; replay += 1) {
        await post(captured, { authToken: accountA.authToken, signature, idempotencyToken: randomUUID() }).expect(200);
      }
      await post(captured, { authToken: accountA.authToken, signature, idempotencyToken: null }).expect(200);
      const stored = await storedEvents({ orgId: ORG_A });
      expect(stored).toHaveLength(1);
      expect(storedParameter(stored[0], 'MessageSid')).toBe(captured.MessageSid);
    });

    it('stores concurrent replays under new tokens once', async () => {
      const captured = eventOfA();
      const responses = await Promise.all(Array.from({ length: 8 }, () => post(captured, { authToken: accountA.authToken, idempotencyToken: randomUUID() })));
      expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });

    it("recognises Twilio's retry (next RetryCount, signed again) even under a new token", async () => {
      const event = eventOfA();
      await post(event, { authToken: accountA.authToken, idempotencyToken: randomUUID() }).expect(200);
      await post({ ...event, RetryCount: '1' }, { authToken: accountA.authToken, idempotencyToken: randomUUID() }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });

    it('stores a replayed JSON body once under new tokens (bodySHA256 is signed)', async () => {
      const body = JSON.stringify({ ...eventOfA(), Attributes: { priority: 'high' } });
      await postJsonWebhook(sut.http, publicBaseUrl, body, { authToken: accountA.authToken, idempotencyToken: randomUUID() }).expect(200);
      await postJsonWebhook(sut.http, publicBaseUrl, body, { authToken: accountA.authToken, idempotencyToken: randomUUID() }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
    });

    it('still stores two genuine events that differ in one signed parameter', async () => {
      const first = eventOfA();
      await post(first, { authToken: accountA.authToken }).expect(200);
      await post({ ...first, Index: '1', MessageSid: randomSid('IM') }, { authToken: accountA.authToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(2);
    });
  });

  describe('one insertMany for several posts (group commit)', () => {
    it("maps each refused document of a batch back to it: duplicates by token or signed content, in the batch or stored before; the rest stored", async () => {
      const repository = sut.app.get(ConversationEventsRepository);
      const event = (orgId: string, idempotencyToken: string, signedContentHash: string) => ({
        orgId,
        idempotencyToken,
        signedContentHash,
        eventType: 'onMessageAdded',
        conversationSid: null,
        messageSid: null,
        participantSid: null,
        author: null,
        body: null,
        source: null,
        fields: [],
        receivedAt: new Date(),
      });
      expect(await repository.insertBatch([event(ORG_A, 'stored-before', 'content-0')])).toEqual(['stored']);

      const outcomes = await repository.insertBatch([
        event(ORG_A, 'token-1', 'content-1'),
        event(ORG_A, 'stored-before', 'content-2'),
        event(ORG_A, 'token-3', 'content-0'),
        event(ORG_A, 'token-1', 'content-4'),
        event(ORG_A, 'token-5', 'content-1'),
        event(ORG_B, 'token-1', 'content-1'),
        event(ORG_A, 'token-6', 'content-6'),
      ]);

      expect(outcomes).toEqual(['stored', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'stored', 'stored']);
      expect((await storedEvents({ orgId: ORG_A })).map((stored) => stored.idempotencyToken).sort()).toEqual(['stored-before', 'token-1', 'token-6']);
      expect(await storedEvents({ orgId: ORG_B })).toHaveLength(1);
    });
  });

  describe('JSON bodies signed with bodySHA256', () => {
    const jsonEvent = () => JSON.stringify({ ...eventOfA(), Attributes: { priority: 'high' } });

    it('accepts a body whose SHA-256 is the signed bodySHA256', async () => {
      const body = jsonEvent();
      await postJsonWebhook(sut.http, publicBaseUrl, body, { authToken: accountA.authToken }).expect(200);
      const stored = await storedEvents({ orgId: ORG_A });
      expect(stored).toHaveLength(1);
      expect(storedParameter(stored[0], 'MessageSid')).toBe(JSON.parse(body).MessageSid);
    });

    it('refuses a body that does not hash to bodySHA256', async () => {
      const response = await postJsonWebhook(sut.http, publicBaseUrl, jsonEvent(), {
        authToken: accountA.authToken,
        bodySha256: twilio.getExpectedBodyHash('{"another":"body"}'),
      }).expect(403);
      expect(response.body).toEqual(FORBIDDEN_BODY);
    });

    it('refuses a JSON body without bodySHA256', async () => {
      await postJsonWebhook(sut.http, publicBaseUrl, jsonEvent(), { authToken: accountA.authToken, bodySha256: null }).expect(403);
      expect(await storedEvents()).toHaveLength(0);
    });

    it("refuses a JSON body signed with another organization's token", async () => {
      await postJsonWebhook(sut.http, publicBaseUrl, jsonEvent(), { authToken: accountB.authToken }).expect(403);
      expect(await storedEvents()).toHaveLength(0);
    });
  });

  describe('retention (FerretDB has no TTL index)', () => {
    it("deletes every organization's events received before the cutoff, and only those", async () => {
      await post(eventOfA(), { authToken: accountA.authToken }).expect(200);
      await post(messageAddedEvent(accountB.accountSid, serviceOf(accountB)), { authToken: accountB.authToken }).expect(200);
      const longAgo = new Date('2020-01-01T00:00:00Z');
      await sut.connection.collection('conversation_events').updateMany({}, { $set: { receivedAt: longAgo } });
      await post(eventOfA(), { authToken: accountA.authToken }).expect(200);

      const deleted = await sut.app.get(ConversationEventsService).pruneReceivedBefore(new Date('2021-01-01T00:00:00Z'));

      expect(deleted).toBe(2);
      expect(await storedEvents({ orgId: ORG_A })).toHaveLength(1);
      expect(await storedEvents({ orgId: ORG_B })).toHaveLength(0);
    });
  });

  describe('the tenant lookup, cached per account (twilio/webhook/webhook-tenant-lookup.ts)', () => {
    const ORG_F = 'org_F6g7H8i9J0k1L2m3';
    const bearerF = () => sut.bearer(ORG_F);
    const saveF = (account: EmulatorAccountSummary) =>
      sut.http.post('/api/twilio-config/settings').set('Authorization', bearerF()).send(settingsFor(account)).expect(200);
    const deleteF = () => sut.http.delete('/api/twilio-config/settings').set('Authorization', bearerF());

    afterEach(async () => {
      await deleteF();
    });

    it('reads the settings once for many posts of one account', async () => {
      const account = await sut.createTwilioAccount();
      await saveF(account);
      const reads = jest.spyOn(sut.app.get(TwilioSettingsRepository), 'findWithSecretsByAccountSid');
      try {
        for (let i = 0; i < 3; i++) await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(200);
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
      expect(await storedEvents({ orgId: ORG_F })).toHaveLength(3);
    });

    it("decrypts the account's Auth Token once for many posts, and again once the settings are saved again", async () => {
      const account = await sut.createTwilioAccount();
      await saveF(account);
      const reveals = jest.spyOn(sut.app.get(TwilioSecrets), 'revealAuthToken');
      try {
        for (let i = 0; i < 3; i++) await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(200);
        expect(reveals).toHaveBeenCalledTimes(1);
        await saveF(account);
        reveals.mockClear();
        await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(200);
        expect(reveals).toHaveBeenCalledTimes(1);
      } finally {
        reveals.mockRestore();
      }
      expect(await storedEvents({ orgId: ORG_F })).toHaveLength(4);
    });

    it('refuses the next webhook once the settings are deleted (403, nothing stored)', async () => {
      const account = await sut.createTwilioAccount();
      await saveF(account);
      await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(200);
      await deleteF().expect(204);

      const response = await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(403);
      expect(response.body).toEqual(FORBIDDEN_BODY);
      expect(await storedEvents({ orgId: ORG_F })).toHaveLength(1);
    });

    it('verifies the next webhook against the saved settings: the old account is refused, the new one (unknown before) accepted', async () => {
      const before = await sut.createTwilioAccount();
      const after = await sut.createTwilioAccount();
      await saveF(before);
      await post(messageAddedEvent(before.accountSid, serviceOf(before)), { authToken: before.authToken }).expect(200);
      // An account no organization uses yet: its (empty) lookup is cached too.
      await post(messageAddedEvent(after.accountSid, serviceOf(after)), { authToken: after.authToken }).expect(403);

      await saveF(after);
      await post(messageAddedEvent(before.accountSid, serviceOf(before)), { authToken: before.authToken }).expect(403);
      await post(messageAddedEvent(after.accountSid, serviceOf(after)), { authToken: after.authToken }).expect(200);
      expect(await storedEvents({ orgId: ORG_F })).toHaveLength(2);
    });

    it('follows a change made behind the API once it is announced on the settings-change bus', async () => {
      const account = await sut.createTwilioAccount();
      await saveF(account);
      await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(200);
      await sut.connection.collection('twilio_settings').deleteOne({ orgId: ORG_F });
      await sut.app.get(SettingsChangeBus).publish(ORG_F);

      await post(messageAddedEvent(account.accountSid, serviceOf(account)), { authToken: account.authToken }).expect(403);
    });
  });

  describe('GET /api/conversations/events', () => {
    it('needs the support role', async () => {
      await sut.http.get('/api/conversations/events').set('Authorization', sut.bearer(ORG_A, { roles: ['viewer'] })).expect(403);
      await sut.http.get('/api/conversations/events').expect(401);
    });

    it('refuses a bad limit or conversation SID', async () => {
      const tooMany = await sut.http.get('/api/conversations/events').query({ limit: 500 }).set('Authorization', sut.bearer(ORG_A)).expect(400);
      expect(tooMany.body.field).toBe('limit');
      const badSid = await sut.http.get('/api/conversations/events').query({ conversationSid: 'CH1' }).set('Authorization', sut.bearer(ORG_A)).expect(400);
      expect(badSid.body.field).toBe('conversationSid');
    });
  });

  function eventOfA(): WebhookParams {
    return messageAddedEvent(accountA.accountSid, serviceOf(accountA));
  }
});

function withoutField(params: WebhookParams, name: string): WebhookParams {
  const { [name]: _removed, ...rest } = params;
  return rest;
}
