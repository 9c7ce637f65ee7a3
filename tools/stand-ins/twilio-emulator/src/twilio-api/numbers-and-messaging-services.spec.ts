import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('IncomingPhoneNumbers and Messaging Services', () => {
  const fixture = useTwilioEmulator('numbers-and-messaging-services');

  describe('IncomingPhoneNumbers list (GET …/IncomingPhoneNumbers.json)', () => {
    it('lists the numbers the account owns, and only those', async () => {
      const account = await fixture.emulator.admin.createAccount({ phoneNumbers: ['+15555550100', '+15555550101'] });
      await fixture.emulator.admin.createAccount({ phoneNumbers: ['+15555550200'] });

      const numbers = await fixture.sdk(account).incomingPhoneNumbers.list();

      expect(numbers.map((number) => number.phoneNumber)).toEqual(['+15555550100', '+15555550101']);
      expect(numbers[0]).toMatchObject({
        accountSid: account.accountSid,
        sid: account.phoneNumbers[0].sid,
        friendlyName: '(555) 555-0100',
        capabilities: { voice: true, sms: true, mms: true, fax: false },
        status: 'in-use',
      });
    });

    it.each([
      ['the full number', '+15555550101', ['+15555550101']],
      ['a partial number', '0101', ['+15555550101']],
      ['a * wildcard', '+1555555010*', ['+15555550100', '+15555550101']],
      ['a number the account does not own', '+15555550200', []],
    ])('filters by PhoneNumber: %s', async (_case, phoneNumber, expected) => {
      const account = await fixture.emulator.admin.createAccount({ phoneNumbers: ['+15555550100', '+15555550101'] });
      await fixture.emulator.admin.createAccount({ phoneNumbers: ['+15555550200'] });

      const numbers = await fixture.sdk(account).incomingPhoneNumbers.list({ phoneNumber });

      expect(numbers.map((number) => number.phoneNumber)).toEqual(expected);
    });
  });

  describe('Messaging v1 Services', () => {
    it('fetches a service of the account (GET /v1/Services/{Sid})', async () => {
      const account = await fixture.emulator.admin.createAccount({
        phoneNumbers: ['+15555550100'],
        messagingServices: [{ friendlyName: 'Alerts', statusCallback: 'https://example.com/status' }],
      });
      const serviceSid = account.messagingServices[0].sid;

      const service = await fixture.sdk(account).messaging.v1.services(serviceSid).fetch();

      expect(service).toMatchObject({
        sid: serviceSid,
        accountSid: account.accountSid,
        friendlyName: 'Alerts',
        statusCallback: 'https://example.com/status',
        url: `https://messaging.twilio.com/v1/Services/${serviceSid}`,
      });
      expect(service.dateCreated).toBeInstanceOf(Date);
    });

    it('lists the services of the account (GET /v1/Services)', async () => {
      const account = await fixture.emulator.admin.createAccount({ messagingServices: [{ friendlyName: 'One' }, { friendlyName: 'Two' }] });
      await fixture.emulator.admin.createAccount({ messagingServices: [{ friendlyName: 'Not mine' }] });

      const services = await fixture.sdk(account).messaging.v1.services.list({ pageSize: 1 });

      expect(services.map((service) => service.friendlyName)).toEqual(['One', 'Two']);
    });

    it('answers 404 / 20404 for a service of another account', async () => {
      const account = await fixture.emulator.admin.createAccount();
      const other = await fixture.emulator.admin.createAccount({ messagingServices: [{}] });

      const fetching = fixture.sdk(account).messaging.v1.services(other.messagingServices[0].sid).fetch();

      await expect(fetching).rejects.toMatchObject({ status: 404, code: 20404 });
    });
  });
});
