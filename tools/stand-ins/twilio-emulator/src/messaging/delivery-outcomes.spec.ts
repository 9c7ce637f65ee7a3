import twilio from 'twilio';
import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('Delivery outcomes and status callbacks (admin-set)', () => {
  const fixture = useTwilioEmulator('delivery-outcomes');
  const FROM = '+15555550100';
  const TO = '+15555550123';
  const statusCallback = () => `${fixture.webhooks.url}/status`;

  const account = () => fixture.emulator.admin.createAccount({ phoneNumbers: [FROM], messagingServices: [{ friendlyName: 'Notifications' }] });

  describe('failures with a chosen Twilio error code', () => {
    it.each([
      [30003, 'undelivered', ['sent', 'undelivered']],
      [30005, 'undelivered', ['sent', 'undelivered']],
      [30006, 'undelivered', ['sent', 'undelivered']],
      [30007, 'undelivered', ['sent', 'undelivered']],
      [30008, 'failed', ['failed']],
      [30034, 'failed', ['failed']],
    ])('%i ends the message %s, with the code in the resource and the last callback', async (errorCode, status, statuses) => {
      const sender = await account();
      const outcome = await fixture.emulator.admin.setDeliveryOutcome({ to: TO, errorCode });
      const client = fixture.sdk(sender);

      const message = await client.messages.create({ to: TO, from: FROM, body: 'x', statusCallback: statusCallback() });

      expect(outcome).toEqual({ to: TO, accountSid: null, status, errorCode, callbackOrder: 'in-order', duplicateCallbacks: 0 });
      const callbacks = await fixture.webhooks.waitFor(statuses.length);
      expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(statuses);
      const last = callbacks[callbacks.length - 1].params;
      expect(last).toMatchObject({ MessageSid: message.sid, SmsStatus: status, ErrorCode: String(errorCode) });
      if (status === 'undelivered') expect(last.RawDlrDoneDate).toMatch(/^\d{10}$/);
      else expect(last.RawDlrDoneDate).toBeUndefined();
      expect(callbacks[0].params.ErrorCode).toBe(status === 'failed' ? String(errorCode) : undefined);
      expect(await client.messages(message.sid).fetch()).toMatchObject({ status, errorCode });
    });

    it('takes an explicit status: 30008 reported as undelivered after sent', async () => {
      const sender = await account();
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, errorCode: 30008, status: 'undelivered' });

      const message = await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'x' });

      expect(await fixture.emulator.admin.waitForMessageStatus(message.sid, ['undelivered'])).toMatchObject({ errorCode: 30008 });
    });

    it('delivers to a number the seed says fails, when told to', async () => {
      const sender = await fixture.emulator.admin.createAccount({ phoneNumbers: [FROM], failingRecipients: [TO] });
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, status: 'delivered', accountSid: sender.accountSid });

      const message = await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'x' });

      expect(await fixture.emulator.admin.waitForMessageStatus(message.sid, ['delivered', 'failed'])).toMatchObject({ status: 'delivered' });
    });

    it("prefers the account's own outcome to one for every account", async () => {
      const first = await account();
      const second = await fixture.emulator.admin.createAccount({ phoneNumbers: ['+15555550101'] });
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, errorCode: 30003 });
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, errorCode: 30007, accountSid: second.accountSid });

      const a = await fixture.sdk(first).messages.create({ to: TO, from: FROM, body: 'x' });
      const b = await fixture.sdk(second).messages.create({ to: TO, from: '+15555550101', body: 'x' });

      expect((await fixture.emulator.admin.waitForMessageStatus(a.sid, ['undelivered'])).errorCode).toBe(30003);
      expect((await fixture.emulator.admin.waitForMessageStatus(b.sid, ['undelivered'])).errorCode).toBe(30007);
      expect(await fixture.emulator.admin.deliveryOutcomes()).toHaveLength(2);
    });

    it('keeps the outcome a message was created with, and forgets outcomes when cleared', async () => {
      const sender = await account();
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, errorCode: 30005 });
      const planned = await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'x' });

      await fixture.emulator.admin.clearDeliveryOutcomes();
      const plain = await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'y' });

      expect((await fixture.emulator.admin.waitForMessageStatus(planned.sid, ['undelivered', 'delivered'])).status).toBe('undelivered');
      expect((await fixture.emulator.admin.waitForMessageStatus(plain.sid, ['undelivered', 'delivered'])).status).toBe('delivered');
      expect(await fixture.emulator.admin.deliveryOutcomes()).toEqual([]);
    });

    it.each([
      [{ to: '12345' }, /to must be an E\.164 number/],
      [{ to: TO, status: 'failed' }, /needs an errorCode/],
      [{ to: TO, status: 'delivered', errorCode: 30003 }, /no errorCode/],
      [{ to: TO, errorCode: 42 }, /five-digit/],
      [{ to: TO, callbackOrder: 'shuffled' }, /callbackOrder/],
      [{ to: TO, duplicateCallbacks: 9 }, /duplicateCallbacks/],
    ])('refuses the outcome %j with 400', async (spec, message) => {
      await expect(fixture.emulator.admin.setDeliveryOutcome(spec as never)).rejects.toThrow(message);
    });
  });

  describe('callbacks out of order or duplicated', () => {
    it('posts every callback after the last status, newest first, one after the other', async () => {
      const sender = await account();
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, callbackOrder: 'reversed' });

      const message = await fixture.sdk(sender).messages.create({
        to: TO,
        messagingServiceSid: sender.messagingServices[0].sid,
        body: 'x',
        statusCallback: statusCallback(),
      });

      const callbacks = await fixture.webhooks.waitFor(3);
      expect(callbacks.map((callback) => callback.params.MessageStatus)).toEqual(['delivered', 'sent', 'queued']);
      expect(callbacks.every((callback) => callback.params.MessageSid === message.sid)).toBe(true);
      for (const callback of callbacks) {
        expect(twilio.validateRequest(sender.authToken, callback.headers['x-twilio-signature'] as string, callback.url, callback.params)).toBe(true);
      }
    });

    it('reverses a failure too: undelivered arrives before sent', async () => {
      const sender = await account();
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, errorCode: 30006, callbackOrder: 'reversed' });

      await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'x', statusCallback: statusCallback() });

      const callbacks = await fixture.webhooks.waitFor(2);
      expect(callbacks.map((callback) => [callback.params.MessageStatus, callback.params.ErrorCode])).toEqual([
        ['undelivered', '30006'],
        ['sent', undefined],
      ]);
    });

    it('sends each callback again as separate requests, each signed, each with its own idempotency token', async () => {
      const sender = await account();
      await fixture.emulator.admin.setDeliveryOutcome({ to: TO, duplicateCallbacks: 2 });

      await fixture.sdk(sender).messages.create({ to: TO, from: FROM, body: 'x', statusCallback: statusCallback() });

      const callbacks = await fixture.webhooks.waitFor(6);
      const statuses = callbacks.map((callback) => callback.params.MessageStatus);
      expect(statuses.filter((status) => status === 'sent')).toHaveLength(3);
      expect(statuses.filter((status) => status === 'delivered')).toHaveLength(3);
      expect(new Set(callbacks.map((callback) => callback.headers['i-twilio-idempotency-token'])).size).toBe(6);
      for (const callback of callbacks) {
        expect(twilio.validateRequest(sender.authToken, callback.headers['x-twilio-signature'] as string, callback.url, callback.params)).toBe(true);
      }
    });
  });
});
