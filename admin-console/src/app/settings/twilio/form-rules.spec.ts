import { FormControl } from '@angular/forms';
import { E164_RULE_MESSAGE, SMS_BODY_MAX_LENGTH, isE164, isTwilioSid, twilioSidExample, twilioSidRuleMessage } from '@twilio-config/shared';
import { e164Rule, firstRuleMessage, requiredRule, smsBodyRule, twilioSecretRule, twilioSidRule, webhookUrlRule } from './form-rules';

const HEX32 = '0123456789abcdef0123456789ABCDEF';
const messageOf = (rule: ReturnType<typeof e164Rule>, value: string) => firstRuleMessage(rule(new FormControl(value)));

describe('form rules (the API\u2019s rules from libs/shared, as Angular validators)', () => {
  describe(e164Rule.name, () => {
    const rule = e164Rule('From number');

    it.each(['+61412345678', '+1234567890', '+442071234567'])('accepts %s', (value) => {
      expect(rule(new FormControl(value))).toBeNull();
    });

    it.each(['0412345678', '61412345678', '+61 412 345 678', '+61-412-345-678'])(
      'rejects %s, saying what is wrong and showing a right example',
      (value) => {
        const message = messageOf(rule, value);
        expect(message).toBe(`From number ${E164_RULE_MESSAGE}`);
        expect(message).toContain('+61412345678');
        expect(isE164(message?.match(/\+\d+/)?.[0])).toBe(true);
      },
    );

    it('leaves an empty value to the required rule, and ignores surrounding spaces from a paste', () => {
      expect(rule(new FormControl(''))).toBeNull();
      expect(rule(new FormControl('  +61412345678 '))).toBeNull();
    });
  });

  describe(twilioSidRule.name, () => {
    it.each([
      ['account', 'AC'],
      ['messagingService', 'MG'],
      ['conversationsService', 'IS'],
      ['apiKey', 'SK'],
    ] as const)('accepts a %s SID and refuses the wrong prefix with the shared message', (kind, prefix) => {
      const rule = twilioSidRule(kind);
      expect(rule(new FormControl(prefix + HEX32))).toBeNull();
      const wrongPrefix = prefix === 'AC' ? 'SK' : 'AC';
      expect(messageOf(rule, wrongPrefix + HEX32)).toBe(twilioSidRuleMessage(kind));
    });

    it('refuses 31 characters and non-hex characters', () => {
      const rule = twilioSidRule('account');
      expect(rule(new FormControl('AC' + HEX32.slice(1)))).not.toBeNull();
      expect(rule(new FormControl('AC' + HEX32.slice(1) + 'z'))).not.toBeNull();
    });

    it('gives examples that pass the rule they illustrate', () => {
      expect(isTwilioSid('account', twilioSidExample('account'))).toBe(true);
      expect(isTwilioSid('conversationsService', twilioSidExample('conversationsService'))).toBe(true);
    });
  });

  describe(twilioSecretRule.name, () => {
    it('accepts 32 letters and digits and explains anything else', () => {
      const rule = twilioSecretRule('Auth Token');
      expect(rule(new FormControl('a'.repeat(32)))).toBeNull();
      expect(messageOf(rule, 'short')).toBe('Auth Token must be the 32 letters and digits Twilio shows in its console');
    });
  });

  describe(requiredRule.name, () => {
    it('names the field and gives an example', () => {
      expect(messageOf(requiredRule('From number', '+61412345678'), '  ')).toBe('From number is required, e.g. +61412345678');
      expect(requiredRule('To')(new FormControl('+1'))).toBeNull();
    });
  });

  describe(smsBodyRule.name, () => {
    it('accepts 1 to 1,600 characters, not only spaces', () => {
      const rule = smsBodyRule();
      expect(rule(new FormControl('Hello'))).toBeNull();
      expect(messageOf(rule, '   ')).toBe(`Message must be between 1 and ${SMS_BODY_MAX_LENGTH} characters`);
      expect(rule(new FormControl('x'.repeat(SMS_BODY_MAX_LENGTH + 1)))).not.toBeNull();
    });
  });

  describe(webhookUrlRule.name, () => {
    it('wants a full http(s) address', () => {
      const rule = webhookUrlRule('Webhook URL');
      expect(rule(new FormControl('https://api.example.com/api/twilio/conversations-webhook'))).toBeNull();
      expect(messageOf(rule, 'api.example.com/hook')).toContain('e.g. https://');
      expect(rule(new FormControl('ftp://example.com'))).not.toBeNull();
    });
  });

  describe(firstRuleMessage.name, () => {
    it('uses a message where the error has one, and a generic one otherwise', () => {
      expect(firstRuleMessage(null)).toBeNull();
      expect(firstRuleMessage({ server: { message: 'Twilio does not know it' } })).toBe('Twilio does not know it');
      expect(firstRuleMessage({ required: true })).toBe('This value is not valid');
    });
  });
});
