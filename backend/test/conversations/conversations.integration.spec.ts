import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { conversationUniqueName } from '../../src/conversations/conversation-names';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { conversationNamedBy50416 } from '../../src/twilio/twilio-conversations.adapter';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

const ORG_WITHOUT_SETTINGS = 'org_N0s3tt1ngs0000000';

interface ConversationItem {
  phoneNumber: string;
  conversationSid: string | null;
  state: string;
  assignee: string | null;
  assignedAt: string | null;
}

describe('/api/conversations (integration: FerretDB, Twilio emulator, RS256 tokens)', () => {
  let sut: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;
  let phoneSequence = 0;

  const serviceA = () => accountA.conversationsServices[0].sid;
  const newCustomer = () => `+6149${String(process.pid % 1000).padStart(3, '0')}${String(++phoneSequence).padStart(4, '0')}`;
  const findOrCreate = (orgId: string, phoneNumber: string) =>
    sut.http.post('/api/conversations').set('Authorization', sut.bearer(orgId)).send({ phoneNumber });
  const twilioServiceOf = async (orgId: string) => {
    const { client, settings } = await sut.app.get(TwilioClientFactory).getClient(orgId);
    return client.conversations.v1.services(settings.conversationsServiceSid as string);
  };
  const localRecords = (filter: Record<string, unknown>) => sut.connection.collection('conversations').find(filter).toArray();
  /** Twilio calls the emulator answered since `since`, of one kind. */
  const twilioCalls = async (since: number, method: string, pathEnd: RegExp) =>
    (await sut.emulator.admin.requests()).filter(
      (exchange) => Date.parse(exchange.at) >= since && exchange.method === method && pathEnd.test(exchange.path),
    );
  const CREATE_CONVERSATION = /\/Services\/IS\w+\/Conversations$/;
  const CREATE_PARTICIPANT = /\/Conversations\/CH\w+\/Participants$/;

  beforeAll(async () => {
    sut = await startTwilioConfigTestApp('conversations', { RATE_LIMIT_VALIDATE_PER_MIN: '1000', LOG_LEVEL: 'error' });
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).send(settingsFor(accountB)).expect(200);
  });

  afterAll(() => sut?.close());

  beforeEach(async () => {
    await sut.emulator.admin.clearFaults();
    await sut.connection.collection('conversations').deleteMany({});
    await sut.connection.collection('conversation_claims').deleteMany({});
  });

  it('describes every route, body and answer in the OpenAPI document', async () => {
    const { body: document } = await sut.http.get('/api/docs-json').expect(200);
    expect(Object.keys(document.paths['/api/conversations'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(document.paths['/api/conversations/events'].get).toBeDefined();
    expect(document.paths['/api/conversations/{conversationSid}/assignee'].put.security).toEqual([{ bearer: [] }, { auth0: ['openid'] }]);
    expect(document.paths['/api/conversations/orphans/cleanup'].post.responses['200']).toBeDefined();
    expect(document.paths['/api/twilio/conversations-webhook'].post.responses['403']).toBeDefined();
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ConversationFindOrCreateDto', 'ConversationAssigneeUpdateDto', 'ConversationOrphanCleanupDto', 'ConversationViewDto']),
    );
  });

  describe('POST /api/conversations (find or create)', () => {
    it('creates the Twilio conversation with the number as an SMS participant talking to the from number', async () => {
      const since = Date.now();
      const customer = newCustomer();
      const response = await findOrCreate(ORG_A, customer).expect(200);

      expect(response.body).toMatchObject({ phoneNumber: customer, state: 'active', conversationSid: expect.stringMatching(/^CH[0-9a-f]{32}$/), assignee: null });
      const [participant] = await twilioCalls(since, 'POST', CREATE_PARTICIPANT);
      expect(participant.path).toContain(response.body.conversationSid);
      expect(participant.params).toMatchObject({
        'MessagingBinding.Address': [customer],
        'MessagingBinding.ProxyAddress': [accountA.phoneNumbers[0].phoneNumber],
      });
      const inTwilio = await (await twilioServiceOf(ORG_A)).conversations(response.body.conversationSid).fetch();
      expect(inTwilio.uniqueName).toBe(conversationUniqueName(ORG_A, customer));
    });

    it('answers the same conversation the next time, without calling Twilio again', async () => {
      const customer = newCustomer();
      const first = await findOrCreate(ORG_A, customer).expect(200);
      const since = Date.now();
      const second = await findOrCreate(ORG_A, customer).expect(200);
      expect(second.body.conversationSid).toBe(first.body.conversationSid);
      expect(await twilioCalls(since, 'POST', CREATE_CONVERSATION)).toHaveLength(0);
    });

    it('ends 10 concurrent first calls for one number with one local record and one Twilio conversation', async () => {
      const since = Date.now();
      const customer = newCustomer();
      const responses = await Promise.all(Array.from({ length: 10 }, () => findOrCreate(ORG_A, customer)));

      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(new Set(responses.map((response) => response.body.conversationSid)).size).toBe(1);
      expect(await localRecords({ orgId: ORG_A, phoneNumber: customer })).toHaveLength(1);
      expect(await twilioCalls(since, 'POST', CREATE_CONVERSATION)).toHaveLength(1);
      expect(await twilioCalls(since, 'POST', CREATE_PARTICIPANT)).toHaveLength(1);
    });

    it('still creates one when Twilio is slow to answer and the others have to wait', async () => {
      await sut.emulator.admin.injectFaults({ hangMs: 400, count: 1, pathContains: `/Services/${serviceA()}/Conversations` });
      const since = Date.now();
      const customer = newCustomer();
      const responses = await Promise.all(Array.from({ length: 10 }, () => findOrCreate(ORG_A, customer)));

      expect(new Set(responses.map((response) => response.body.conversationSid)).size).toBe(1);
      expect(await twilioCalls(since, 'POST', CREATE_CONVERSATION)).toHaveLength(1);
    });

    it('waits for a creation another instance has under way and answers its conversation', async () => {
      const customer = newCustomer();
      const now = new Date();
      await sut.connection.collection('conversations').insertOne({
        orgId: ORG_A,
        phoneNumber: customer,
        uniqueName: conversationUniqueName(ORG_A, customer),
        state: 'creating',
        conversationSid: null,
        claimId: randomUUID(),
        claimedAt: now,
        createdAt: now,
        updatedAt: now,
      });
      const since = Date.now();
      const pending = findOrCreate(ORG_A, customer).then((response) => response);
      await delay(300);
      const otherInstancesSid = 'CH' + 'ab'.repeat(16);
      await sut.connection
        .collection('conversations')
        .updateOne({ orgId: ORG_A, phoneNumber: customer }, { $set: { state: 'active', conversationSid: otherInstancesSid } });

      const response = await pending;
      expect(response.status).toBe(200);
      expect(response.body.conversationSid).toBe(otherInstancesSid);
      expect(await twilioCalls(since, 'POST', CREATE_CONVERSATION)).toHaveLength(0);
    });

    it('takes over a claim abandoned half-way and adopts the Twilio conversation it had already created', async () => {
      const customer = newCustomer();
      const uniqueName = conversationUniqueName(ORG_A, customer);
      const abandoned = await (await twilioServiceOf(ORG_A)).conversations.create({ uniqueName });
      const longAgo = new Date(Date.now() - 60 * 60_000);
      await sut.connection.collection('conversations').insertOne({
        orgId: ORG_A,
        phoneNumber: customer,
        uniqueName,
        state: 'creating',
        conversationSid: null,
        claimId: randomUUID(),
        claimedAt: longAgo,
        createdAt: longAgo,
        updatedAt: longAgo,
      });

      const response = await findOrCreate(ORG_A, customer).expect(200);

      expect(response.body).toMatchObject({ conversationSid: abandoned.sid, state: 'active' });
      const participants = await (await twilioServiceOf(ORG_A)).conversations(abandoned.sid).participants.list();
      expect(participants.map((participant) => participant.messagingBinding)).toEqual([expect.objectContaining({ address: customer })]);
    });

    it('leaves nothing behind when Twilio fails (502), so the next call creates the conversation', async () => {
      const customer = newCustomer();
      await sut.emulator.admin.injectFaults({ status: 500, count: 1, pathContains: `/Services/${serviceA()}/Conversations` });
      const failed = await findOrCreate(ORG_A, customer).expect(502);
      expect(failed.body.code).toBe('TWILIO_UNAVAILABLE');
      expect(await localRecords({ orgId: ORG_A, phoneNumber: customer })).toHaveLength(0);

      const retried = await findOrCreate(ORG_A, customer).expect(200);
      expect(retried.body.state).toBe('active');
    });

    it('gives each organization its own conversation with the same number, in its own Twilio account', async () => {
      const customer = newCustomer();
      const ofA = await findOrCreate(ORG_A, customer).expect(200);
      const ofB = await findOrCreate(ORG_B, customer).expect(200);
      expect(ofA.body.conversationSid).not.toBe(ofB.body.conversationSid);
      await expect((await twilioServiceOf(ORG_B)).conversations(ofA.body.conversationSid).fetch()).rejects.toMatchObject({ status: 404 });
    });

    describe("the number's SMS binding is already in another conversation (Twilio's 50416)", () => {
      /** A conversation made outside find-or-create (an earlier version, a person in the Console) holding the number + from number pair. */
      const bindElsewhere = async (customer: string) => {
        const service = await twilioServiceOf(ORG_A);
        const holder = await service.conversations.create({ friendlyName: 'Made by an earlier version' });
        await service.conversations(holder.sid).participants.create({
          'messagingBinding.address': customer,
          'messagingBinding.proxyAddress': accountA.phoneNumbers[0].phoneNumber,
        });
        return holder.sid;
      };

      it('adopts the conversation Twilio names, records the claim and deletes the one it had just made', async () => {
        const customer = newCustomer();
        const holder = await bindElsewhere(customer);
        const since = Date.now();

        const response = await findOrCreate(ORG_A, customer).expect(200);

        expect(response.body).toMatchObject({ phoneNumber: customer, state: 'active', conversationSid: holder });
        expect(await localRecords({ orgId: ORG_A, phoneNumber: customer })).toHaveLength(1);
        expect(await sut.connection.collection('conversation_claims').find({ orgId: ORG_A, phoneNumber: customer }).toArray()).toEqual([
          expect.objectContaining({ conversationSid: holder, origin: 'adopted' }),
        ]);
        const [made] = await twilioCalls(since, 'POST', CREATE_CONVERSATION);
        const madeSid = (made.responseBody as { sid: string }).sid;
        expect(madeSid).not.toBe(holder);
        await expect((await twilioServiceOf(ORG_A)).conversations(madeSid).fetch()).rejects.toMatchObject({ status: 404 });
      });

      it('ends 10 concurrent first calls with the adopted conversation, one record and one claim', async () => {
        const customer = newCustomer();
        const holder = await bindElsewhere(customer);

        const responses = await Promise.all(Array.from({ length: 10 }, () => findOrCreate(ORG_A, customer)));

        expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
        expect(new Set(responses.map((response) => response.body.conversationSid))).toEqual(new Set([holder]));
        expect(await localRecords({ orgId: ORG_A, phoneNumber: customer })).toHaveLength(1);
        expect(await sut.connection.collection('conversation_claims').countDocuments({ orgId: ORG_A, conversationSid: holder })).toBe(1);
      });

      it('records a claim once however often it is recorded at the same time (idempotent)', async () => {
        const customer = newCustomer();
        const holder = await bindElsewhere(customer);
        await findOrCreate(ORG_A, customer).expect(200);
        const repository = sut.app.get(ConversationsRepository);
        await Promise.all(
          Array.from({ length: 10 }, () => repository.recordClaim(ORG_A, { conversationSid: holder, phoneNumber: customer, origin: 'adopted', now: new Date() })),
        );
        expect(await sut.connection.collection('conversation_claims').countDocuments({ orgId: ORG_A, conversationSid: holder })).toBe(1);
      });

      it('reads the conversation SID from the words Twilio uses', () => {
        const sid = 'CH' + 'a1'.repeat(16);
        expect(conversationNamedBy50416(`A binding for this participant and proxy address already exists in Conversation ${sid}`)).toBe(sid);
        expect(conversationNamedBy50416('A binding for this participant and proxy address already exists')).toBeNull();
      });
    });

    it('answers 409 NOT_CONFIGURED for an organization without Twilio settings', async () => {
      const response = await findOrCreate(ORG_WITHOUT_SETTINGS, newCustomer()).expect(409);
      expect(response.body.code).toBe('NOT_CONFIGURED');
    });

    it('answers 409 NO_CONVERSATIONS_SERVICE when the settings name no Conversations Service', async () => {
      const orgId = 'org_N0c0nvers4t10ns00';
      await sut.http
        .post('/api/twilio-config/settings')
        .set('Authorization', sut.bearer(orgId))
        .send(settingsFor(accountA, { conversationsServiceSid: undefined }))
        .expect(200);
      const response = await findOrCreate(orgId, newCustomer()).expect(409);
      expect(response.body.code).toBe('NO_CONVERSATIONS_SERVICE');
    });

    it.each([['0412345678'], ['+61 412 345 678'], [''], [12345]])('answers 400 naming phoneNumber for %p', async (phoneNumber) => {
      const response = await sut.http.post('/api/conversations').set('Authorization', sut.bearer(ORG_A)).send({ phoneNumber }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'phoneNumber' });
    });

    it('answers 400 for an unknown field (the organization is never a parameter)', async () => {
      const response = await sut.http
        .post('/api/conversations')
        .set('Authorization', sut.bearer(ORG_A))
        .send({ phoneNumber: newCustomer(), orgId: ORG_B })
        .expect(400);
      expect(response.body.message).toContain('orgId');
    });

    it('needs the support role', async () => {
      await sut.http.post('/api/conversations').set('Authorization', sut.bearer(ORG_A, { roles: [] })).send({ phoneNumber: newCustomer() }).expect(403);
      await sut.http.post('/api/conversations').send({ phoneNumber: newCustomer() }).expect(401);
    });
  });

  describe('GET /api/conversations', () => {
    it("lists the organization's conversations only, most recently changed first", async () => {
      const [first, second, ofB] = [newCustomer(), newCustomer(), newCustomer()];
      await findOrCreate(ORG_A, first).expect(200);
      await findOrCreate(ORG_A, second).expect(200);
      await findOrCreate(ORG_B, ofB).expect(200);

      const response = await sut.http.get('/api/conversations').set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect((response.body.items as ConversationItem[]).map((item) => item.phoneNumber)).toEqual([second, first]);
    });
  });

  describe('PUT /api/conversations/:conversationSid/assignee', () => {
    const reassign = (orgId: string, conversationSid: string, body: Record<string, unknown>, sub?: string) =>
      sut.http.put(`/api/conversations/${conversationSid}/assignee`).set('Authorization', sut.bearer(orgId, sub ? { sub } : {})).send(body);

    it('hands the conversation to another support user, and lists it under them', async () => {
      const { body: conversation } = await findOrCreate(ORG_A, newCustomer()).expect(200);
      const response = await reassign(ORG_A, conversation.conversationSid, { assignee: 'auth0|agent-2' }, 'auth0|lead-1').expect(200);

      expect(response.body).toMatchObject({ conversationSid: conversation.conversationSid, assignee: 'auth0|agent-2', assignedAt: expect.any(String) });
      const [stored] = await localRecords({ conversationSid: conversation.conversationSid });
      expect(stored.assignedBy).toBe('auth0|lead-1');
      const mine = await sut.http.get('/api/conversations').query({ assignee: 'auth0|agent-2' }).set('Authorization', sut.bearer(ORG_A)).expect(200);
      expect((mine.body.items as ConversationItem[]).map((item) => item.conversationSid)).toEqual([conversation.conversationSid]);
    });

    it('reassigns from one user to another, and unassigns with null', async () => {
      const { body: conversation } = await findOrCreate(ORG_A, newCustomer()).expect(200);
      await reassign(ORG_A, conversation.conversationSid, { assignee: 'auth0|agent-1' }).expect(200);
      const moved = await reassign(ORG_A, conversation.conversationSid, { assignee: 'auth0|agent-2' }).expect(200);
      expect(moved.body.assignee).toBe('auth0|agent-2');
      const unassigned = await reassign(ORG_A, conversation.conversationSid, { assignee: null }).expect(200);
      expect(unassigned.body.assignee).toBeNull();
    });

    it("answers 404 for another organization's conversation and leaves it as it was", async () => {
      const { body: ofB } = await findOrCreate(ORG_B, newCustomer()).expect(200);
      const response = await reassign(ORG_A, ofB.conversationSid, { assignee: 'auth0|intruder' }).expect(404);
      expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
      const [stored] = await localRecords({ conversationSid: ofB.conversationSid });
      expect(stored.assignee ?? null).toBeNull();
    });

    it.each([
      ['a malformed conversation SID', 'CH123', { assignee: 'auth0|x' }, 'conversationSid'],
      ['no assignee', 'CH' + '0'.repeat(32), {}, 'assignee'],
      ['an empty assignee', 'CH' + '0'.repeat(32), { assignee: '' }, 'assignee'],
      ['an assignee that is not a string', 'CH' + '0'.repeat(32), { assignee: 42 }, 'assignee'],
      ['an unknown field', 'CH' + '0'.repeat(32), { assignee: 'auth0|x', orgId: ORG_B }, 'orgId'],
    ])('answers 400 for %s', async (_case, conversationSid, body, field) => {
      const response = await reassign(ORG_A, conversationSid, body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.message).toContain(field);
    });
  });

  describe('POST /api/conversations/orphans/cleanup', () => {
    const cleanUp = (orgId: string, body: Record<string, unknown>) =>
      sut.http.post('/api/conversations/orphans/cleanup').set('Authorization', sut.bearer(orgId)).send(body);
    const existsInTwilio = async (orgId: string, sid: string) =>
      (await twilioServiceOf(orgId)).conversations(sid).fetch().then(
        () => true,
        (error: { status?: number }) => (error.status === 404 ? false : Promise.reject(error)),
      );

    let kept: string;
    let vanished: { phoneNumber: string; sid: string };
    /** Named by this product for a number of ORG_A that has no record: a find-or-create failed after Twilio created it. */
    let orphan: string;
    /** Made without this product's name: an earlier version's records (or a person) may own it. */
    let unnamed: string;
    const audit = async (orgId: string) =>
      (await sut.http.get('/api/twilio-config/audit').set('Authorization', sut.bearer(orgId)).expect(200)).body.items as Array<{ action: string; fields: string[] }>;

    beforeEach(async () => {
      const service = await twilioServiceOf(ORG_A);
      for (const conversation of await service.conversations.list()) await service.conversations(conversation.sid).remove();
      await sut.connection.collection('conversation_claims').deleteMany({});
      kept = (await findOrCreate(ORG_A, newCustomer()).expect(200)).body.conversationSid;
      const vanishedNumber = newCustomer();
      vanished = { phoneNumber: vanishedNumber, sid: (await findOrCreate(ORG_A, vanishedNumber).expect(200)).body.conversationSid };
      await service.conversations(vanished.sid).remove();
      orphan = (await service.conversations.create({ uniqueName: conversationUniqueName(ORG_A, newCustomer()) })).sid;
      unnamed = (await service.conversations.create({ friendlyName: 'Made outside the product' })).sid;
    });

    it('deletes Twilio conversations nothing could own and marks local ones whose Twilio conversation is gone, when asked for a real run', async () => {
      const response = await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: 0 }).expect(200);

      expect(response.body).toEqual({ dryRun: false, deletedInTwilio: [orphan], markedRemoved: [vanished.sid] });
      expect(await existsInTwilio(ORG_A, orphan)).toBe(false);
      expect(await existsInTwilio(ORG_A, kept)).toBe(true);
      const [removed] = await localRecords({ orgId: ORG_A, conversationSid: vanished.sid });
      expect(removed).toMatchObject({ state: 'removed', removedAt: expect.any(Date) });
      expect((await localRecords({ orgId: ORG_A, conversationSid: kept }))[0].state).toBe('active');
      expect((await audit(ORG_A))[0]).toMatchObject({ action: 'conversations.orphans_cleaned', actor: `auth0|support-${ORG_A}`, fields: ['deletedInTwilio', 'markedRemoved'] });
    });

    it('reports without changing anything on a dry run, and audits it', async () => {
      const response = await cleanUp(ORG_A, { dryRun: true, minAgeMinutes: 0 }).expect(200);

      expect(response.body).toEqual({ dryRun: true, deletedInTwilio: [orphan], markedRemoved: [vanished.sid] });
      expect(await existsInTwilio(ORG_A, orphan)).toBe(true);
      expect((await localRecords({ orgId: ORG_A, conversationSid: vanished.sid }))[0].state).toBe('active');
      expect((await audit(ORG_A))[0]).toMatchObject({ action: 'conversations.orphans_reported' });
    });

    it("never deletes a conversation without this product's name: an earlier version's records may own it", async () => {
      const response = await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: 0 }).expect(200);
      expect(response.body.deletedInTwilio).not.toContain(unnamed);
      expect(await existsInTwilio(ORG_A, unnamed)).toBe(true);
    });

    it("never deletes a conversation another organization's records link or once claimed", async () => {
      const sharedNumber = newCustomer();
      const claimedByB = (await (await twilioServiceOf(ORG_A)).conversations.create({ uniqueName: conversationUniqueName(ORG_A, sharedNumber) })).sid;
      await sut.connection.collection('conversation_claims').insertOne({ orgId: ORG_B, conversationSid: claimedByB, phoneNumber: sharedNumber, origin: 'adopted', claimedAt: new Date() });

      const response = await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: 0 }).expect(200);

      expect(response.body.deletedInTwilio).toEqual([orphan]);
      expect(await existsInTwilio(ORG_A, claimedByB)).toBe(true);
    });

    it('leaves Twilio conversations younger than minAgeMinutes (default 10) alone: a find-or-create may be linking one', async () => {
      const response = await cleanUp(ORG_A, { dryRun: false }).expect(200);
      expect(response.body.deletedInTwilio).toEqual([]);
      expect(await existsInTwilio(ORG_A, orphan)).toBe(true);
    });

    it("never deletes a conversation named for another organization, nor one named for a number of this one", async () => {
      const service = await twilioServiceOf(ORG_A);
      const anotherTenants = await service.conversations.create({ uniqueName: conversationUniqueName(ORG_B, '+61400000001') });
      const adoptable = await service.conversations.create({ uniqueName: conversationUniqueName(ORG_A, vanished.phoneNumber) });

      const response = await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: 0 }).expect(200);

      expect(response.body.deletedInTwilio).toEqual([orphan]);
      expect(await existsInTwilio(ORG_A, anotherTenants.sid)).toBe(true);
      expect(await existsInTwilio(ORG_A, adoptable.sid)).toBe(true);
    });

    it('lets find-or-create give a removed conversation a new Twilio conversation, keeping its assignee', async () => {
      await sut.http.put(`/api/conversations/${vanished.sid}/assignee`).set('Authorization', sut.bearer(ORG_A)).send({ assignee: 'auth0|agent-7' }).expect(200);
      await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: 0 }).expect(200);

      const recreated = await findOrCreate(ORG_A, vanished.phoneNumber).expect(200);

      expect(recreated.body).toMatchObject({ state: 'active', assignee: 'auth0|agent-7' });
      expect(recreated.body.conversationSid).not.toBe(vanished.sid);
      expect(await existsInTwilio(ORG_A, recreated.body.conversationSid)).toBe(true);
    });

    it("touches only the caller's organization", async () => {
      const { body: ofB } = await findOrCreate(ORG_B, newCustomer()).expect(200);
      await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: 0 }).expect(200);
      expect(await existsInTwilio(ORG_B, ofB.conversationSid)).toBe(true);
      expect((await localRecords({ orgId: ORG_B, conversationSid: ofB.conversationSid }))[0].state).toBe('active');
    });

    it('answers 400 for dryRun: null rather than running a real clean-up (found by schemathesis)', async () => {
      const response = await cleanUp(ORG_A, { dryRun: null, minAgeMinutes: 10 }).expect(400);
      expect(response.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dryRun' });
    });

    it('answers 400 without an explicit dryRun, or without a body at all, and changes nothing (found by schemathesis)', async () => {
      const withoutDryRun = await cleanUp(ORG_A, { minAgeMinutes: 0 }).expect(400);
      expect(withoutDryRun.body).toMatchObject({ code: 'VALIDATION_FAILED', field: 'dryRun' });
      const withoutBody = await sut.http.post('/api/conversations/orphans/cleanup').set('Authorization', sut.bearer(ORG_A)).expect(400);
      expect(withoutBody.body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('body is required') });
      expect(await existsInTwilio(ORG_A, orphan)).toBe(true);
      expect((await localRecords({ orgId: ORG_A, conversationSid: vanished.sid }))[0].state).toBe('active');
    });

    it('answers 400 for a bad minAgeMinutes and 403 without the support role', async () => {
      await cleanUp(ORG_A, { dryRun: false, minAgeMinutes: -1 }).expect(400);
      await sut.http.post('/api/conversations/orphans/cleanup').set('Authorization', sut.bearer(ORG_A, { roles: ['viewer'] })).send({ dryRun: true }).expect(403);
    });
  });
});
