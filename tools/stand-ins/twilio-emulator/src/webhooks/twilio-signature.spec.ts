import twilio from 'twilio';
import { twilioSignature } from './twilio-signature';

describe('twilioSignature', () => {
  it("reproduces the worked example of Twilio's webhook security guide", () => {
    // Token 12345, this URL and these parameters sign to 0/KCTR6DLpKmkAf8muzZqo1nDgQ= in Twilio's guide
    // (https://www.twilio.com/docs/usage/webhooks/webhooks-security) and in the twilio SDK's own tests.
    const params = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };

    expect(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params)).toBe(
      '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
    );
  });

  it("agrees with the SDK's getExpectedTwilioSignature and passes its validateRequest", () => {
    const token = 'f2c1e8b5d7a94c3e8b1a2d3c4e5f6a7b';
    const url = 'http://127.0.0.1:3000/api/twilio/conversations-webhook';
    const params = {
      AccountSid: 'AC' + 'a'.repeat(32),
      Body: 'Grüße — 👋 & =?',
      EventType: 'onMessageAdded',
      Index: '0',
      'MessagingBinding.Address': '+15555550100',
    };

    const signature = twilioSignature(token, url, params);

    expect(signature).toBe(twilio.getExpectedTwilioSignature(token, url, params));
    expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
    expect(twilio.validateRequest(token, signature, url, { ...params, Body: 'tampered' })).toBe(false);
  });

  it('signs repeated parameters with their values sorted, as the SDK checks them', () => {
    const token = '0123456789abcdef0123456789abcdef';
    const url = 'https://example.com/hook';
    const params = { Filters: ['onMessageAdded', 'onConversationAdded'], Method: 'POST' };

    const signature = twilioSignature(token, url, params);

    expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
  });
});
