import twilio from 'twilio';
import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('Messages', () => {
  const fixture = useTwilioEmulator('messages');
  const FROM = '+15555550100';
  const TO = '+15555550123';

  async function fullAccount(extra: Parameters<typeof fixture.emulator.admin.createAccount>[0] = {}) {
    return fixture.emulator.admin.createAccount({ phoneNumbers: [FROM], messagingServices: [{ friendlyName: 'Notifications' }], ...extra });
  }

  describe('create (POST /2010-04-01/Accounts/{AccountSid}/Messages.json)', () => {
    it('answers 201 queued and then moves the message to sent and delivered', async () => {
      const account = await fullAccount();
      const client = fixture.sdk(account);

      const message = await client.messages.create({ to: TO, from: FROM, body: 'Your code is 1234' });

      expect(message).toMatchObject({
        accountSid: account.accountSid,
        to: TO,
        from: FROM,
        body: 'Your code is 1234',
        status: 'queued',
        direction: 'outbound-api',
        numSegments: '1',
        numMedia: '0',
        apiVersion: '2010-04-01',
        errorCode: null,
        messagingServiceSid: null,
        dateSent: null,
      });
      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
      const delivered = await fixture.emulator.admin.waitForMessageStatus(message.sid, ['delivered']);
      expect(delivered.dateSent).not.toBeNull();
      const fetched = await client.messages(message.sid).fetch();
      expect(fetched.status).toBe('delivered');
      expect(fetched.dateSent).toBeInstanceOf(Date);
    });

    it('posts each status change to the StatusCallback, signed as Twilio signs', async () => {
      const account = await fullAccount();
      const statusCallback = `${fixture.webhooks.url}/hooks/status?org=a`;

      const message = await fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'hi', statusCallback });

      const callbacks = await fixture.webhooks.waitFor(2);
      expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(['sent', 'delivered']);
      for (const callback of callbacks) {
        expect(callback.method).toBe('POST');
        expect(callback.url).toBe(statusCallback);
        expect(callback.params).toMatchObject({
          AccountSid: account.accountSid,
          MessageSid: message.sid,
          SmsSid: message.sid,
          SmsStatus: callback.params.MessageStatus,
          From: FROM,
          To: TO,
          ApiVersion: '2010-04-01',
        });
        expect(callback.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
        expect(callback.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
        const signature = callback.headers['x-twilio-signature'] as string;
        expect(twilio.validateRequest(account.authToken, signature, statusCallback, callback.params)).toBe(true);
        expect(twilio.validateRequest('0'.repeat(32), signature, statusCallback, callback.params)).toBe(false);
      }
      const deliveries = await fixture.emulator.admin.webhookDeliveries();
      expect(deliveries.map((delivery) => [delivery.kind, delivery.responseStatus])).toEqual([
        ['message-status', 204],
        ['message-status', 204],
      ]);
    });

    it('sends through a Messaging Service: accepted, then a sender from its pool, queued, sent, delivered', async () => {
      const account = await fullAccount();
      const serviceSid = account.messagingServices[0].sid;
      const statusCallback = `${fixture.webhooks.url}/hooks/status`;

      const message = await fixture
        .sdk(account)
        .messages.create({ to: TO, messagingServiceSid: serviceSid, body: 'via service', statusCallback });

      expect(message).toMatchObject({ status: 'accepted', from: null, messagingServiceSid: serviceSid });
      const callbacks = await fixture.webhooks.waitFor(3);
      expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(['queued', 'sent', 'delivered']);
      expect(callbacks[0].params).toMatchObject({ From: FROM, MessagingServiceSid: serviceSid });
    });

    it("uses the Messaging Service's status callback when the message names none", async () => {
      const account = await fixture.emulator.admin.createAccount({
        phoneNumbers: [FROM],
        messagingServices: [{ statusCallback: `${fixture.webhooks.url}/service-status` }],
      });

      await fixture.sdk(account).messages.create({ to: TO, messagingServiceSid: account.messagingServices[0].sid, body: 'x' });

      const [first] = await fixture.webhooks.waitFor(1);
      expect(first.path).toBe('/service-status');
    });

    it('ends undelivered with error 30003 for an unreachable handset', async () => {
      const account = await fullAccount({ undeliverableRecipients: [TO] });

      const message = await fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'x' });

      const final = await fixture.emulator.admin.waitForMessageStatus(message.sid, ['undelivered']);
      expect(final.errorCode).toBe(30003);
      expect((await fixture.sdk(account).messages(message.sid).fetch()).errorCode).toBe(30003);
    });

    it('ends failed with error 30008, with a callback saying so', async () => {
      const account = await fullAccount({ failingRecipients: [TO] });
      const statusCallback = `${fixture.webhooks.url}/hooks/status`;

      await fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'x', statusCallback });

      const [callback] = await fixture.webhooks.waitFor(1);
      expect(callback.params).toMatchObject({ MessageStatus: 'failed', ErrorCode: '30008' });
    });

    it('counts segments as Twilio bills them (GSM-7 and UCS-2)', async () => {
      const account = await fullAccount();
      const client = fixture.sdk(account);

      const gsm = await client.messages.create({ to: TO, from: FROM, body: 'a'.repeat(161) });
      const unicode = await client.messages.create({ to: TO, from: FROM, body: '👋'.repeat(36) });

      expect(gsm.numSegments).toBe('2');
      expect(unicode.numSegments).toBe('2');
    });

    it('prefixes the body of a trial account’s message, as Twilio does', async () => {
      const account = await fixture.emulator.admin.createAccount({ type: 'Trial', phoneNumbers: [FROM], verifiedCallerIds: [TO] });

      const message = await fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'hello' });

      expect(message.body).toBe('Sent from your Twilio trial account - hello');
    });

    describe("refuses with Twilio's error codes", () => {
      it.each([
        ['21211 for an invalid To', { to: '12345', from: FROM, body: 'x' }, 21211],
        ['21211 for the documented invalid test number', { to: '+15005550001', from: FROM, body: 'x' }, 21211],
        ['21606 for a From the account does not own', { to: TO, from: '+15555550999', body: 'x' }, 21606],
        ['21602 for a missing body', { to: TO, from: FROM }, 21602],
        ['21603 for neither From nor MessagingServiceSid', { to: TO, body: 'x' }, 21603],
        ['21617 for a body over 1600 characters', { to: TO, from: FROM, body: 'x'.repeat(1601) }, 21617],
        ['21609 for a StatusCallback that is not a URL', { to: TO, from: FROM, body: 'x', statusCallback: 'not a url' }, 21609],
      ])('%s', async (_case, params, code) => {
        const account = await fullAccount();

        const sending = fixture.sdk(account).messages.create(params as never);

        await expect(sending).rejects.toMatchObject({ status: 400, code, moreInfo: `https://www.twilio.com/docs/errors/${code}` });
        expect(await fixture.emulator.admin.messages(account.accountSid)).toEqual([]);
      });

      it('21608 for an unverified recipient on a trial account', async () => {
        const account = await fixture.emulator.admin.createAccount({ type: 'Trial', phoneNumbers: [FROM], verifiedCallerIds: ['+15555550199'] });

        await expect(fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'x' })).rejects.toMatchObject({
          status: 400,
          code: 21608,
        });
      });

      it('21610 for a recipient who unsubscribed (replied STOP)', async () => {
        const account = await fullAccount({ unsubscribedRecipients: [TO] });

        await expect(fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'x' })).rejects.toMatchObject({
          status: 400,
          code: 21610,
          message: 'Attempt to send to unsubscribed recipient',
        });
      });

      it('21701 for a Messaging Service of another account', async () => {
        const account = await fullAccount();
        const other = await fullAccount({ phoneNumbers: ['+15555550777'] });

        const sending = fixture.sdk(account).messages.create({ to: TO, messagingServiceSid: other.messagingServices[0].sid, body: 'x' });

        await expect(sending).rejects.toMatchObject({ status: 400, code: 21701 });
      });

      it('21704 for a Messaging Service without senders', async () => {
        const account = await fixture.emulator.admin.createAccount({ messagingServices: [{}] });

        const sending = fixture.sdk(account).messages.create({ to: TO, messagingServiceSid: account.messagingServices[0].sid, body: 'x' });

        await expect(sending).rejects.toMatchObject({ status: 400, code: 21704 });
      });

      it('20429 when Twilio rate-limits the account', async () => {
        const account = await fullAccount();
        await fixture.emulator.admin.injectFaults({ count: 1, status: 429, pathContains: '/Messages.json' });

        await expect(fixture.sdk(account).messages.create({ to: TO, from: FROM, body: 'x' })).rejects.toMatchObject({
          status: 429,
          code: 20429,
        });
      });
    });
  });

  describe('fetch (GET …/Messages/{Sid}.json)', () => {
    it('answers 404 / 20404 for a message of another account', async () => {
      const sender = await fullAccount();
      const other = await fullAccount({ phoneNumbers: ['+15555550777'] });
      const message = await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'x' });

      await expect(fixture.sdk(other).messages(message.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    });
  });

  describe('list (GET …/Messages.json)', () => {
    it('lists newest first, page by page, filtered by To', async () => {
      const account = await fullAccount();
      const client = fixture.sdk(account);
      const sent = [];
      for (let i = 0; i < 5; i++) sent.push(await client.messages.create({ to: TO, from: FROM, body: `n${i}` }));
      await client.messages.create({ to: '+15555550124', from: FROM, body: 'other recipient' });

      const listed = await client.messages.list({ to: TO, pageSize: 2 });
      const firstPage = await client.messages.page({ to: TO, pageSize: 2 });

      expect(listed.map((message) => message.body)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
      expect(firstPage.nextPageUrl).toContain('PageToken=PA');
      const exchanges = await fixture.emulator.admin.requests();
      expect(exchanges.filter((exchange) => exchange.operation === 'api:ListMessage').length).toBe(4);
    });

    it('filters by the day a message was sent (DateSent)', async () => {
      const account = await fullAccount();
      const client = fixture.sdk(account);
      const message = await client.messages.create({ to: TO, from: FROM, body: 'dated' });
      await fixture.emulator.admin.waitForMessageStatus(message.sid, ['sent', 'delivered']);
      const today = new Date();
      const yesterday = new Date(Date.now() - 86_400_000);

      expect((await client.messages.list({ dateSentAfter: yesterday })).map((m) => m.sid)).toEqual([message.sid]);
      expect(await client.messages.list({ dateSentBefore: yesterday })).toEqual([]);
      expect((await client.messages.list({ dateSent: today })).map((m) => m.sid)).toEqual([message.sid]);
    });
  });
});
