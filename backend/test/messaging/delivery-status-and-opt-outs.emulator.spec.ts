import { MESSAGING_WEBHOOK_PATH, STATUS_CALLBACK_PATH } from '@twilio-config/shared';
import type { EmulatorAccountSummary, WebhookDelivery } from '@twilio-config/twilio-emulator';
import twilio from 'twilio';
import { ExpiredRecordsPruner, RECORD_RETENTION_DAYS } from '../../src/common/retention/expired-records.pruner';
import { MessagingService } from '../../src/messaging/messaging.service';
import { startListeningTestApp } from '../conversations/support/listening-test-app';
import { ORG_A, ORG_B, settingsFor, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/**
 * Delivery status and opt-outs end to end: the API listens on a real port with PUBLIC_BASE_URL set to
 * it, so the Twilio emulator posts its signed status callbacks and incoming messages to the very URLs
 * the API checks signatures against. Real tokens, the real emulator, FerretDB.
 */
describe('Delivery status and opt-outs (the Twilio emulator posts signed callbacks and incoming messages)', () => {
  let sut: TwilioConfigTestApp;
  let origin: string;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;
  let recipientSequence = 0;

  /** A recipient no other test texts. */
  const newRecipient = () => `+6149${String(process.pid % 1000).padStart(3, '0')}${String((recipientSequence += 1)).padStart(4, '0')}`;
  const bearerA = () => sut.bearer(ORG_A);
  const sendTestSms = (orgId: string, to: string) =>
    sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(orgId)).send({ to, body: 'Delivery test' });
  const deliveryOf = async (orgId: string, sid: string) =>
    (await sut.http.get(`/api/twilio-config/test/sms/${sid}`).set('Authorization', sut.bearer(orgId)).expect(200)).body;
  const optOuts = async (orgId: string) => (await sut.http.get('/api/twilio-config/opt-outs').set('Authorization', sut.bearer(orgId)).expect(200)).body.items;
  const messageCreates = async (accountSid: string) =>
    (await sut.emulator.admin.requests()).filter((call) => call.method === 'POST' && call.path.endsWith(`/Accounts/${accountSid}/Messages.json`)).length;
  const statusCallbacksOf = async (sid: string): Promise<WebhookDelivery[]> =>
    (await sut.emulator.admin.webhookDeliveries()).filter((delivery) => delivery.kind === 'message-status' && delivery.params.MessageSid === sid);
  /** Waits until the emulator has posted `count` status callbacks for the message and each was answered. */
  const waitForCallbacks = async (sid: string, count: number): Promise<WebhookDelivery[]> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const callbacks = await statusCallbacksOf(sid);
      if (callbacks.length >= count && callbacks.every((callback) => callback.responseStatus !== null || callback.error !== null)) return callbacks;
      if (Date.now() > deadline) throw new Error(`expected ${count} answered status callbacks for ${sid}, saw ${callbacks.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  /** Someone texts `body` to the organization's number; resolves once the API answered the webhook. */
  const textIn = async (account: EmulatorAccountSummary, from: string, body: string): Promise<WebhookDelivery> => {
    const received = await sut.emulator.admin.sendInboundMessage({ from, to: account.phoneNumbers[0].phoneNumber, body });
    return sut.emulator.admin.waitForWebhookDelivery((delivery) => delivery.params.MessageSid === received.sid);
  };
  const signedPost = (path: string, params: Record<string, string>, authToken: string, signedUrl = `${origin}${path}`) =>
    sut.http
      .post(path)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(authToken, signedUrl, params))
      .send(new URLSearchParams(params).toString());

  beforeAll(async () => {
    ({ sut, origin } = await startListeningTestApp('delivery-and-opt-outs', {
      RATE_LIMIT_TEST_SMS_PER_MIN: '1000',
      RATE_LIMIT_VALIDATE_PER_MIN: '1000',
      LOG_LEVEL: 'error',
    }));
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
    // A sends from its number; B through its Messaging Service, with Advanced Opt-Out on.
    await sut.http.post('/api/twilio-config/settings').set('Authorization', bearerA()).send(settingsFor(accountA)).expect(200);
    await sut.http
      .post('/api/twilio-config/settings')
      .set('Authorization', sut.bearer(ORG_B))
      .send(settingsFor(accountB, { messagingServiceSid: accountB.messagingServices[0].sid }))
      .expect(200);
    // Each number is in its account's Messaging Service pool, so incoming messages go to the service's URL.
    await sut.emulator.admin.editMessagingServiceInConsole(accountA.messagingServices[0].sid, { inboundRequestUrl: `${origin}${MESSAGING_WEBHOOK_PATH}` });
    await sut.emulator.admin.editMessagingServiceInConsole(accountB.messagingServices[0].sid, {
      inboundRequestUrl: `${origin}${MESSAGING_WEBHOOK_PATH}`,
      advancedOptOut: true,
    });
  });

  afterAll(() => sut?.close());

  describe('delivery status', () => {
    it('asks Twilio for signed status callbacks and shows queued → sent → delivered', async () => {
      const sent = await sendTestSms(ORG_A, newRecipient()).expect(200);
      const sid: string = sent.body.sid;

      const [message] = (await sut.emulator.admin.messages(accountA.accountSid)).filter((candidate) => candidate.sid === sid);
      expect(message.statusCallback).toBe(`${origin}${STATUS_CALLBACK_PATH}`);
      const callbacks = await waitForCallbacks(sid, 2);
      expect(callbacks.map((callback) => [callback.params.MessageStatus, callback.responseStatus])).toEqual([
        ['sent', 204],
        ['delivered', 204],
      ]);

      const delivery = await deliveryOf(ORG_A, sid);
      expect(delivery).toEqual({
        sid,
        status: 'delivered',
        errorCode: null,
        errorMessage: null,
        updatedAt: expect.any(String),
        history: [
          { status: 'queued', errorCode: null, at: expect.any(String) },
          { status: 'sent', errorCode: null, at: expect.any(String) },
          { status: 'delivered', errorCode: null, at: expect.any(String) },
        ],
      });
    });

    it('asks for status callbacks and refuses opted-out numbers on the named-organization path too (jobs and commands: sendSms(orgId, …))', async () => {
      const messaging = sut.app.get(MessagingService);
      const sent = await messaging.sendSms(ORG_A, { to: newRecipient(), body: 'From a job' });
      const [message] = (await sut.emulator.admin.messages(accountA.accountSid)).filter((candidate) => candidate.sid === sent.sid);
      expect(message.statusCallback).toBe(`${origin}${STATUS_CALLBACK_PATH}`);
      await waitForCallbacks(sent.sid, 2);
      expect((await deliveryOf(ORG_A, sent.sid)).status).toBe('delivered');

      const customer = newRecipient();
      await textIn(accountA, customer, 'STOP');
      const createsBefore = await messageCreates(accountA.accountSid);
      await expect(messaging.sendSms(ORG_A, { to: customer, body: 'From a job' })).rejects.toMatchObject({ statusCode: 422, code: 'RECIPIENT_OPTED_OUT' });
      expect(await messageCreates(accountA.accountSid)).toBe(createsBefore);
    });

    it('never moves backwards when callbacks arrive newest first, each repeated (accepted → queued → sent → delivered via a Messaging Service)', async () => {
      const to = newRecipient();
      await sut.emulator.admin.setDeliveryOutcome({ to, callbackOrder: 'reversed', duplicateCallbacks: 2 });
      const sent = await sendTestSms(ORG_B, to).expect(200);
      expect(sent.body.status).toBe('accepted');

      // queued, sent, delivered — each posted three times, the newest status first.
      const callbacks = await waitForCallbacks(sent.body.sid, 9);
      expect(callbacks[0].params.MessageStatus).toBe('delivered');
      expect(callbacks.at(-1)?.params.MessageStatus).toBe('queued');
      expect(callbacks.every((callback) => callback.responseStatus === 204)).toBe(true);

      const delivery = await deliveryOf(ORG_B, sent.body.sid);
      expect(delivery.status).toBe('delivered');
      expect(delivery.history.map((event: { status: string }) => event.status)).toEqual(['accepted', 'queued', 'sent', 'delivered']);
    });

    it.each([
      [30003, 'undelivered', 'Unreachable destination handset'],
      [30008, 'failed', 'Unknown error'],
    ])('keeps a failure with Twilio error %i (%s) when older statuses arrive after it', async (errorCode, status, errorMessage) => {
      const to = newRecipient();
      await sut.emulator.admin.setDeliveryOutcome({ to, errorCode, callbackOrder: 'reversed', duplicateCallbacks: 1 });
      const sent = await sendTestSms(ORG_A, to).expect(200);
      await waitForCallbacks(sent.body.sid, status === 'undelivered' ? 4 : 2);

      const delivery = await deliveryOf(ORG_A, sent.body.sid);
      expect(delivery).toMatchObject({ status, errorCode, errorMessage });
      expect(delivery.history.at(-1)).toMatchObject({ status, errorCode });
    });

    it('never lets a final status replace another one, even when Twilio signed it', async () => {
      const sent = await sendTestSms(ORG_A, newRecipient()).expect(200);
      await waitForCallbacks(sent.body.sid, 2);
      const late = { AccountSid: accountA.accountSid, MessageSid: sent.body.sid, MessageStatus: 'failed', ErrorCode: '30008', From: accountA.phoneNumbers[0].phoneNumber };

      await signedPost(STATUS_CALLBACK_PATH, late, accountA.authToken).expect(204);
      await signedPost(STATUS_CALLBACK_PATH, { ...late, MessageStatus: 'sending', ErrorCode: '' }, accountA.authToken).expect(204);

      expect(await deliveryOf(ORG_A, sent.body.sid)).toMatchObject({ status: 'delivered', errorCode: null });
    });

    it('refuses unsigned and forged callbacks with 403 and records nothing', async () => {
      const sent = await sendTestSms(ORG_A, newRecipient()).expect(200);
      await waitForCallbacks(sent.body.sid, 2);
      const forged = { AccountSid: accountA.accountSid, MessageSid: sent.body.sid, MessageStatus: 'read', From: accountA.phoneNumbers[0].phoneNumber };
      const body = new URLSearchParams(forged).toString();

      await sut.http.post(STATUS_CALLBACK_PATH).set('Content-Type', 'application/x-www-form-urlencoded').send(body).expect(403);
      const wrongToken = await signedPost(STATUS_CALLBACK_PATH, forged, accountB.authToken).expect(403);
      expect(wrongToken.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: 'Invalid Twilio signature' });
      await signedPost(STATUS_CALLBACK_PATH, forged, accountA.authToken, `${origin}/api/twilio/conversations-webhook`).expect(403);
      await signedPost(STATUS_CALLBACK_PATH, { ...forged, AccountSid: 'AC' + 'f'.repeat(32) }, accountA.authToken).expect(403);

      expect((await deliveryOf(ORG_A, sent.body.sid)).status).toBe('delivered');
    });

    it("answers 404 for another organization's message and 400 for a malformed SID", async () => {
      const sent = await sendTestSms(ORG_A, newRecipient()).expect(200);

      const other = await sut.http.get(`/api/twilio-config/test/sms/${sent.body.sid}`).set('Authorization', sut.bearer(ORG_B)).expect(404);
      expect(other.body.code).toBe('NOT_FOUND');
      await sut.http.get('/api/twilio-config/test/sms/not-a-sid').set('Authorization', bearerA()).expect(400);
      await sut.http.get(`/api/twilio-config/test/sms/${sent.body.sid}`).expect(401);
    });
  });

  describe('retention (FerretDB has no TTL index)', () => {
    it("the conversation events' pruner deletes every organization's deliveries older than their retention, and only those", async () => {
      const [oldOfA, oldOfB, recentOfA] = [
        (await sendTestSms(ORG_A, newRecipient()).expect(200)).body.sid as string,
        (await sendTestSms(ORG_B, newRecipient()).expect(200)).body.sid as string,
        (await sendTestSms(ORG_A, newRecipient()).expect(200)).body.sid as string,
      ];
      // Every callback in first (organization B sends through a Messaging Service: accepted → queued → sent → delivered),
      // so none lands after the records are made old below.
      const delivered = async (orgId: string, sid: string) => {
        for (const deadline = Date.now() + 5_000; (await deliveryOf(orgId, sid)).status !== 'delivered'; ) {
          if (Date.now() > deadline) throw new Error(`${sid} was not delivered within 5 s`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      await Promise.all([delivered(ORG_A, oldOfA), delivered(ORG_B, oldOfB), delivered(ORG_A, recentOfA)]);
      const dayMs = 24 * 60 * 60_000;
      const deliveries = sut.connection.collection('message_deliveries');
      await deliveries.updateMany({ sid: { $in: [oldOfA, oldOfB] } }, { $set: { updatedAt: new Date(Date.now() - (RECORD_RETENTION_DAYS + 1) * dayMs) } });
      await deliveries.updateOne({ sid: recentOfA }, { $set: { updatedAt: new Date(Date.now() - (RECORD_RETENTION_DAYS - 1) * dayMs) } });

      const deleted = await sut.app.get(ExpiredRecordsPruner).pruneExpired();

      expect(deleted).toEqual({ conversation_events: expect.any(Number), message_deliveries: 2 });
      await sut.http.get(`/api/twilio-config/test/sms/${oldOfA}`).set('Authorization', bearerA()).expect(404);
      await sut.http.get(`/api/twilio-config/test/sms/${oldOfB}`).set('Authorization', sut.bearer(ORG_B)).expect(404);
      expect((await deliveryOf(ORG_A, recentOfA)).status).toBe('delivered');
    });
  });

  describe('opt-outs', () => {
    it('STOP lists the sender; sending to it answers 422 RECIPIENT_OPTED_OUT without calling Twilio; START allows it again', async () => {
      const customer = newRecipient();
      const stop = await textIn(accountA, customer, '  stop ');
      expect(stop.responseStatus).toBe(200);
      expect(await optOuts(ORG_A)).toContainEqual({ phoneNumber: customer, since: expect.any(String), source: 'keyword' });
      expect(await optOuts(ORG_B)).not.toContainEqual(expect.objectContaining({ phoneNumber: customer }));

      const createsBefore = await messageCreates(accountA.accountSid);
      const refused = await sendTestSms(ORG_A, customer).expect(422);
      expect(refused.body).toMatchObject({ code: 'RECIPIENT_OPTED_OUT', field: 'to' });
      expect(await messageCreates(accountA.accountSid)).toBe(createsBefore);

      await textIn(accountA, customer, 'START');
      expect(await optOuts(ORG_A)).not.toContainEqual(expect.objectContaining({ phoneNumber: customer }));
      await sendTestSms(ORG_A, customer).expect(200);
      expect(await messageCreates(accountA.accountSid)).toBe(createsBefore + 1);
    });

    it.each(['STOPALL', 'unsubscribe', 'Cancel', 'END', 'QUIT'])('%s is an opt-out keyword', async (keyword) => {
      const customer = newRecipient();
      await textIn(accountA, customer, keyword);
      expect((await optOuts(ORG_A)).map((entry: { phoneNumber: string }) => entry.phoneNumber)).toContain(customer);
    });

    it('ignores a message that only contains a keyword ("STOP please") and HELP', async () => {
      const customer = newRecipient();
      await textIn(accountA, customer, 'STOP please');
      await textIn(accountA, customer, 'HELP');
      expect((await optOuts(ORG_A)).map((entry: { phoneNumber: string }) => entry.phoneNumber)).not.toContain(customer);
    });

    it("follows Advanced Opt-Out's OptOutType (source opt_out_type), and YES / UNSTOP opt back in", async () => {
      const customer = newRecipient();
      const stop = await textIn(accountB, customer, 'stop');
      expect(stop.params.OptOutType).toBe('STOP');
      expect(await optOuts(ORG_B)).toContainEqual({ phoneNumber: customer, since: expect.any(String), source: 'opt_out_type' });
      await textIn(accountB, customer, 'YES');
      expect(await optOuts(ORG_B)).not.toContainEqual(expect.objectContaining({ phoneNumber: customer }));
      await textIn(accountB, customer, 'QUIT');
      await textIn(accountB, customer, 'unstop');
      expect(await optOuts(ORG_B)).not.toContainEqual(expect.objectContaining({ phoneNumber: customer }));
    });

    it('answers an accepted incoming message with empty TwiML, and a forged one with 403', async () => {
      const customer = newRecipient();
      const params = { AccountSid: accountA.accountSid, From: customer, To: accountA.phoneNumbers[0].phoneNumber, Body: 'STOP', MessageSid: 'SM' + '1'.repeat(32) };

      const accepted = await signedPost(MESSAGING_WEBHOOK_PATH, params, accountA.authToken).expect(200);
      expect(accepted.headers['content-type']).toMatch(/^text\/xml/);
      expect(accepted.text).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');

      const other = newRecipient();
      await signedPost(MESSAGING_WEBHOOK_PATH, { ...params, From: other }, accountB.authToken).expect(403);
      await sut.http.post(MESSAGING_WEBHOOK_PATH).set('Content-Type', 'application/x-www-form-urlencoded').send(new URLSearchParams({ ...params, From: other }).toString()).expect(403);
      expect((await optOuts(ORG_A)).map((entry: { phoneNumber: string }) => entry.phoneNumber)).not.toContain(other);
    });

    it("an operator's removal is audited; Twilio's 21610 then puts the number back (source twilio_21610)", async () => {
      const customer = newRecipient();
      await textIn(accountA, customer, 'STOP');

      await sut.http.delete(`/api/twilio-config/opt-outs/${encodeURIComponent(customer)}`).set('Authorization', sut.bearer(ORG_B)).expect(404);
      await sut.http.delete(`/api/twilio-config/opt-outs/${encodeURIComponent(customer)}`).set('Authorization', bearerA()).expect(204);
      expect((await optOuts(ORG_A)).map((entry: { phoneNumber: string }) => entry.phoneNumber)).not.toContain(customer);
      const audit = (await sut.http.get('/api/twilio-config/audit').set('Authorization', bearerA()).expect(200)).body.items;
      expect(audit[0]).toMatchObject({ action: 'opt_out.removed', actor: `auth0|support-${ORG_A}`, fields: ['phoneNumber'] });
      expect(JSON.stringify(audit)).not.toContain(customer);
      await sut.http.delete(`/api/twilio-config/opt-outs/${encodeURIComponent(customer)}`).set('Authorization', bearerA()).expect(404);

      // Twilio still has the number opted out: it refuses with 21610, and the number is listed again.
      const refused = await sendTestSms(ORG_A, customer).expect(422);
      expect(refused.body).toMatchObject({ code: 'TWILIO_REJECTED', twilioCode: 21610 });
      expect(await optOuts(ORG_A)).toContainEqual({ phoneNumber: customer, since: expect.any(String), source: 'twilio_21610' });
    });

    it('validates the number of a removal (E.164) and requires the support role', async () => {
      const bad = await sut.http.delete('/api/twilio-config/opt-outs/0412345678').set('Authorization', bearerA()).expect(400);
      expect(bad.body.message).toContain('phoneNumber');
      await sut.http.delete(`/api/twilio-config/opt-outs/${encodeURIComponent('+61400000000')}`).set('Authorization', sut.bearer(ORG_A, { roles: [] })).expect(403);
      await sut.http.get('/api/twilio-config/opt-outs').expect(401);
    });
  });
});
