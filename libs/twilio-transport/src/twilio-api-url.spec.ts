import { normalizeApiBaseUrl, rewriteTwilioUri, twilioHostPrefixOf, twilioSubdomainOf } from './twilio-api-url';

describe('rewriteTwilioUri', () => {
  const base = 'http://127.0.0.1:4300';

  it.each([
    [
      'https://api.twilio.com/2010-04-01/Accounts/AC123.json',
      'http://127.0.0.1:4300/api/2010-04-01/Accounts/AC123.json',
    ],
    [
      'https://conversations.twilio.com/v1/Services/IS123/Configuration/Webhooks',
      'http://127.0.0.1:4300/conversations/v1/Services/IS123/Configuration/Webhooks',
    ],
    ['https://messaging.twilio.com/v1/Services', 'http://127.0.0.1:4300/messaging/v1/Services'],
  ])('moves %s onto the base URL under its subdomain', (uri, expected) => {
    expect(rewriteTwilioUri(uri, base)).toBe(expected);
  });

  it.each([
    ['an edge and a region', 'https://api.sydney.au1.twilio.com/2010-04-01/Accounts.json', 'api.sydney.au1'],
    ['a region only', 'https://api.us1.twilio.com/2010-04-01/Accounts.json', 'api.us1'],
    ['a product other than api', 'https://conversations.dublin.ie1.twilio.com/v1/Services', 'conversations.dublin.ie1'],
  ])('keeps %s in the host segment: it decides where Twilio processes the call', (_case, uri, host) => {
    expect(rewriteTwilioUri(uri, base)).toBe(`http://127.0.0.1:4300/${host}${new URL(uri).pathname}`);
  });

  it.each([
    ['an explicit port', 'https://api.twilio.com:443/2010-04-01/Accounts.json'],
    ['an upper-case host', 'https://API.Twilio.com/2010-04-01/Accounts.json'],
  ])('drops %s from the host', (_case, uri) => {
    expect(rewriteTwilioUri(uri, base)).toBe('http://127.0.0.1:4300/api/2010-04-01/Accounts.json');
  });

  it('keeps the query string exactly as the SDK built it', () => {
    const uri =
      'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?To=%2B15005550006&PageSize=2&Page=1&PageToken=PASM1';
    expect(rewriteTwilioUri(uri, base)).toBe(
      'http://127.0.0.1:4300/api/2010-04-01/Accounts/AC1/Messages.json?To=%2B15005550006&PageSize=2&Page=1&PageToken=PASM1',
    );
  });

  it.each([
    ['a trailing slash', 'http://127.0.0.1:4300/'],
    ['several trailing slashes', 'http://127.0.0.1:4300///'],
  ])('does not double the slash when the base URL has %s', (_case, baseUrl) => {
    expect(rewriteTwilioUri('https://api.twilio.com/2010-04-01/Accounts.json', baseUrl)).toBe(
      'http://127.0.0.1:4300/api/2010-04-01/Accounts.json',
    );
  });

  it('keeps a path prefix of the base URL (an egress proxy mounted under a path)', () => {
    expect(rewriteTwilioUri('https://conversations.twilio.com/v1/Services', 'https://egress.internal/twilio/')).toBe(
      'https://egress.internal/twilio/conversations/v1/Services',
    );
  });

  it('rewrites a bare host without a path to the subdomain root', () => {
    expect(rewriteTwilioUri('https://api.twilio.com', base)).toBe('http://127.0.0.1:4300/api');
  });

  it.each([
    'https://example.com/media/ME123.jpg',
    'https://twilio.com/docs',
    'https://api.twilio.com.evil.example/2010-04-01/Accounts.json',
  ])('leaves %s alone: it is not a Twilio REST host', (uri) => {
    expect(rewriteTwilioUri(uri, base)).toBe(uri);
  });
});

describe('twilioHostPrefixOf', () => {
  it.each([
    ['https://api.twilio.com/2010-04-01/Accounts.json', 'api'],
    ['https://API.Dublin.IE1.twilio.com/x', 'api.dublin.ie1'],
    ['https://example.com/x', null],
  ])('names the host of %s', (uri, expected) => {
    expect(twilioHostPrefixOf(uri)).toBe(expected);
  });
});

describe('twilioSubdomainOf', () => {
  it('names the product of an edge/region host', () => {
    expect(twilioSubdomainOf('https://conversations.dublin.ie1.twilio.com/v1/Services')).toBe('conversations');
  });
});

describe('normalizeApiBaseUrl', () => {
  it('drops trailing slashes', () => {
    expect(normalizeApiBaseUrl('http://localhost:4300/')).toBe('http://localhost:4300');
  });

  it.each([
    ['not a URL', 'localhost:4300:x'],
    ['not http', 'ftp://localhost:4300'],
    ['with a query', 'http://localhost:4300/?x=1'],
  ])('refuses a base URL that is %s', (_case, value) => {
    expect(() => normalizeApiBaseUrl(value)).toThrow(/TWILIO_API_BASE_URL/);
  });
});
