import crypto from 'node:crypto';
import twilio from 'twilio';
import {
  isValidTwilioSignature,
  parseTwilioWebhookBody,
  publicWebhookUrl,
  type TwilioWebhookBody,
} from '../../src/twilio/webhook/twilio-webhook-request';

/** The worked example of Twilio's webhook security guide, also used by the twilio SDK's own tests. */
const GUIDE = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' },
  signature: '0/KCTR6DLpKmkAf8muzZqo1nDgQ=',
  jsonBody: '{"property": "value", "boolean": true}',
  jsonBodySha256: '0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620',
  jsonSignature: 'a9nBmqA0ju/hNViExpshrM61xv4=',
};

const form = (params: Record<string, string>): TwilioWebhookBody => ({ kind: 'form', params });
const json = (raw: string): TwilioWebhookBody => ({ kind: 'json', raw, params: {} });

describe('Twilio webhook signatures', () => {
  describe(isValidTwilioSignature.name, () => {
    describe('form posts', () => {
      it("accepts the guide's example: token 12345 signs it to 0/KCTR6DLpKmkAf8muzZqo1nDgQ=", () => {
        expect(isValidTwilioSignature(GUIDE.authToken, GUIDE.signature, GUIDE.url, form(GUIDE.params))).toBe(true);
      });

      it('refuses the example when a parameter was changed', () => {
        expect(isValidTwilioSignature(GUIDE.authToken, GUIDE.signature, GUIDE.url, form({ ...GUIDE.params, Digits: '1235' }))).toBe(false);
      });

      it('refuses the example when a parameter was added', () => {
        expect(isValidTwilioSignature(GUIDE.authToken, GUIDE.signature, GUIDE.url, form({ ...GUIDE.params, Extra: 'x' }))).toBe(false);
      });

      it('refuses the example under another URL', () => {
        expect(isValidTwilioSignature(GUIDE.authToken, GUIDE.signature, 'https://mycompany.com/myapp.php?foo=1&bar=3', form(GUIDE.params))).toBe(false);
      });

      it('refuses the example checked with another token', () => {
        expect(isValidTwilioSignature('54321', GUIDE.signature, GUIDE.url, form(GUIDE.params))).toBe(false);
      });

      it.each([
        ['missing', undefined],
        ['empty', ''],
        ['truncated', GUIDE.signature.slice(0, -2)],
        ['not base64', 'not a signature'],
      ])('refuses the signature when it is %s', (_case, signature) => {
        expect(isValidTwilioSignature(GUIDE.authToken, signature, GUIDE.url, form(GUIDE.params))).toBe(false);
      });

      it('signs repeated parameters with every value', () => {
        const params = { To: '+18005551212', MediaUrl: ['https://a.example/1', 'https://a.example/2'] };
        const signature = twilio.getExpectedTwilioSignature(GUIDE.authToken, GUIDE.url, params);
        expect(isValidTwilioSignature(GUIDE.authToken, signature, GUIDE.url, { kind: 'form', params })).toBe(true);
        expect(isValidTwilioSignature(GUIDE.authToken, signature, GUIDE.url, form({ To: '+18005551212', MediaUrl: 'https://a.example/1' }))).toBe(false);
      });

      it('accepts a signature made over the URL with its default port written out, as the SDK does', () => {
        const withPort = 'https://mycompany.com:443/myapp.php?foo=1&bar=2';
        const signature = twilio.getExpectedTwilioSignature(GUIDE.authToken, withPort, GUIDE.params);
        expect(isValidTwilioSignature(GUIDE.authToken, signature, GUIDE.url, form(GUIDE.params))).toBe(true);
        expect(isValidTwilioSignature(GUIDE.authToken, signature, GUIDE.url, form({ ...GUIDE.params, Digits: '1235' }))).toBe(false);
      });

      it("compares with crypto.timingSafeEqual (the SDK's constant-time comparison)", () => {
        const timingSafeEqual = jest.spyOn(crypto, 'timingSafeEqual');
        try {
          isValidTwilioSignature(GUIDE.authToken, GUIDE.signature, GUIDE.url, form(GUIDE.params));
          expect(timingSafeEqual).toHaveBeenCalled();
        } finally {
          timingSafeEqual.mockRestore();
        }
      });
    });

    describe('JSON posts (bodySHA256)', () => {
      const signedUrl = `${GUIDE.url}&bodySHA256=${GUIDE.jsonBodySha256}`;

      it("accepts the SDK's example: the URL with bodySHA256 signed, the body hashing to it", () => {
        expect(isValidTwilioSignature(GUIDE.authToken, GUIDE.jsonSignature, signedUrl, json(GUIDE.jsonBody))).toBe(true);
      });

      it('refuses a body that does not hash to bodySHA256', () => {
        expect(isValidTwilioSignature(GUIDE.authToken, GUIDE.jsonSignature, signedUrl, json('{"property": "other", "boolean": true}'))).toBe(false);
      });

      it('refuses a JSON post without bodySHA256 in the URL', () => {
        const signature = twilio.getExpectedTwilioSignature(GUIDE.authToken, GUIDE.url, {});
        expect(isValidTwilioSignature(GUIDE.authToken, signature, GUIDE.url, json(GUIDE.jsonBody))).toBe(false);
      });
    });
  });

  describe(publicWebhookUrl.name, () => {
    it('is the public URL, whatever host and path the request arrived on behind a proxy', () => {
      expect(publicWebhookUrl('https://api.example.com', '/internal/api/twilio/conversations-webhook')).toBe(
        'https://api.example.com/api/twilio/conversations-webhook',
      );
    });

    it('keeps the query string Twilio signed', () => {
      expect(publicWebhookUrl('https://api.example.com', '/api/twilio/conversations-webhook?bodySHA256=abc')).toBe(
        'https://api.example.com/api/twilio/conversations-webhook?bodySHA256=abc',
      );
    });
  });

  describe(parseTwilioWebhookBody.name, () => {
    it('reads a form body from its exact bytes, keeping dotted names and repeated values', () => {
      const raw = Buffer.from('MessagingBinding.Address=%2B61412345678&Body=a+b%26c&Media=1&Media=2');
      expect(parseTwilioWebhookBody('application/x-www-form-urlencoded; charset=UTF-8', raw)).toEqual({
        kind: 'form',
        params: { 'MessagingBinding.Address': '+61412345678', Body: 'a b&c', Media: ['1', '2'] },
      });
    });

    it("reads a JSON body's top-level fields for routing and keeps the raw text for its hash", () => {
      expect(parseTwilioWebhookBody('application/json', Buffer.from('{"AccountSid":"AC1","Index":3,"nested":{"a":1}}'))).toEqual({
        kind: 'json',
        raw: '{"AccountSid":"AC1","Index":3,"nested":{"a":1}}',
        params: { AccountSid: 'AC1', Index: '3' },
      });
    });

    it.each([
      ['a text/plain body', 'text/plain', 'AccountSid=AC1'],
      ['a body without a content type', undefined, 'AccountSid=AC1'],
      ['JSON that does not parse', 'application/json', 'not json'],
      ['JSON that is not an object', 'application/json', '["an", "array"]'],
    ])('refuses %s', (_case, contentType, raw) => {
      expect(parseTwilioWebhookBody(contentType, Buffer.from(raw))).toBeNull();
    });
  });
});
