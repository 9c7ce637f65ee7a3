import {
  isE164,
  isTwilioSid,
  twilioSidRuleMessage,
  isSmsBody,
  isWebhookUrl,
  maskTwilioSid,
  TWILIO_REGION_EDGE_PAIRS,
  twilioEdgeRegionProblem,
  SMS_BODY_MAX_LENGTH,
  TWILIO_SID_KINDS,
  twilioSidExample,
  WEBHOOK_URL_EXAMPLE,
  WEBHOOK_URL_MAX_LENGTH,
} from '../index';

const HEX32 = '0123456789abcdef0123456789ABCDEF';

describe('isE164', () => {
  it.each(['+61412345678', '+1234567890', '+442071234567', '+12'])('accepts %s', (value) => {
    expect(isE164(value)).toBe(true);
  });

  it.each([
    ['0412345678', 'no country code'],
    ['61412345678', 'no plus sign'],
    ['+61 412 345 678', 'spaces'],
    ['+61-412-345-678', 'dashes'],
    ['+(61)412345678', 'parentheses'],
    ['+0412345678', 'a country code starting with 0'],
    ['+1234567890123456', 'more than 15 digits'],
    ['+', 'no digits'],
    ['', 'nothing'],
  ])('rejects %s (%s)', (value) => {
    expect(isE164(value)).toBe(false);
  });

  it('rejects values that are not strings', () => {
    expect(isE164(61412345678)).toBe(false);
    expect(isE164(null)).toBe(false);
  });
});

describe('isTwilioSid', () => {
  it.each([
    ['account', 'AC'],
    ['apiKey', 'SK'],
    ['messagingService', 'MG'],
    ['conversationsService', 'IS'],
  ] as const)('accepts a %s SID: %s + 32 hex', (kind, prefix) => {
    expect(isTwilioSid(kind, prefix + HEX32)).toBe(true);
  });

  it('rejects the wrong prefix', () => {
    expect(isTwilioSid('account', 'SK' + HEX32)).toBe(false);
    expect(isTwilioSid('conversationsService', 'MG' + HEX32)).toBe(false);
  });

  it('rejects 31 or 33 characters and non-hex characters', () => {
    expect(isTwilioSid('account', 'AC' + HEX32.slice(1))).toBe(false);
    expect(isTwilioSid('account', 'AC' + HEX32 + '0')).toBe(false);
    expect(isTwilioSid('account', 'AC' + HEX32.slice(1) + 'g')).toBe(false);
  });

  it('rejects a lower-case prefix and surrounding whitespace', () => {
    expect(isTwilioSid('account', 'ac' + HEX32)).toBe(false);
    expect(isTwilioSid('account', ` AC${HEX32}`)).toBe(false);
  });

  it('gives a message with the label and an example that itself passes', () => {
    const message = twilioSidRuleMessage('messagingService');
    expect(message).toContain('Messaging Service SID');
    const example = message.match(/MG[0-9a-f]{32}/)?.[0];
    expect(isTwilioSid('messagingService', example)).toBe(true);
  });
});

describe('isSmsBody', () => {
  it('accepts 1 to 1,600 characters that are not only whitespace', () => {
    expect(isSmsBody('Hello')).toBe(true);
    expect(isSmsBody('x'.repeat(SMS_BODY_MAX_LENGTH))).toBe(true);
    expect(isSmsBody('x'.repeat(SMS_BODY_MAX_LENGTH + 1))).toBe(false);
    expect(isSmsBody('   ')).toBe(false);
  });

  it('calls blank exactly what String.prototype.trim removes (its spelled-out pattern is the OpenAPI one)', () => {
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      const character = String.fromCharCode(code);
      if (isSmsBody(`\t${character} `) !== (character.trim().length > 0)) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });
});

describe('SID examples and masking', () => {
  it('gives an example of every kind that passes its own rule', () => {
    for (const kind of Object.keys(TWILIO_SID_KINDS) as (keyof typeof TWILIO_SID_KINDS)[]) {
      expect(isTwilioSid(kind, twilioSidExample(kind))).toBe(true);
    }
  });

  it('masks a SID to its prefix and last four characters, and a short value to nothing', () => {
    expect(maskTwilioSid('AC' + HEX32)).toBe('AC…CDEF');
    expect(maskTwilioSid('AC1234')).toBe('…');
  });
});

describe('isWebhookUrl', () => {
  it('accepts absolute http(s) URLs up to the limit', () => {
    expect(isWebhookUrl(WEBHOOK_URL_EXAMPLE)).toBe(true);
    expect(isWebhookUrl('http://localhost:3000/api/twilio/conversations-webhook')).toBe(true);
    expect(isWebhookUrl(`https://example.com/${'x'.repeat(WEBHOOK_URL_MAX_LENGTH)}`)).toBe(false);
  });

  it.each(['api.example.com/hook', 'ftp://example.com/hook', 'https://exa mple.com/hook', '', 'https://'])('rejects %p', (value) => {
    expect(isWebhookUrl(value)).toBe(false);
  });
});

describe('twilioEdgeRegionProblem', () => {
  it.each([
    [undefined, undefined],
    ['', ''],
    ['ashburn', 'us1'],
    ['dublin', 'ie1'],
    ['sydney', 'au1'],
  ])('accepts edge %s with region %s', (edge, region) => {
    expect(twilioEdgeRegionProblem(edge, region)).toBeNull();
  });

  it.each([
    ['dublin', undefined, 'region'],
    [undefined, 'ie1', 'edge'],
    ['sydney', 'ie1', 'edge'],
    ['mars', 'ie1', 'edge'],
    ['dublin', 'jp1', 'region'],
  ])('refuses edge %s with region %s, naming %s', (edge, region, field) => {
    expect(twilioEdgeRegionProblem(edge, region)).toMatchObject({ field, message: expect.stringContaining('ie1 with dublin') });
  });

  it('offers one pair per processing region', () => {
    expect(TWILIO_REGION_EDGE_PAIRS.map((pair) => `${pair.region}/${pair.edge}`)).toEqual(['us1/ashburn', 'ie1/dublin', 'au1/sydney']);
  });
});
