import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('Accounts and authentication', () => {
  const fixture = useTwilioEmulator('accounts-and-auth');

  async function rawGet(path: string, authorization?: string) {
    const response = await fetch(`${fixture.emulator.url}${path}`, {
      headers: authorization ? { Authorization: authorization } : {},
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
  }
  const basic = (username: string, password: string) =>
    'Basic ' + Buffer.from(`${username}:${password}`).toString('base64');

  describe('fetch (GET /2010-04-01/Accounts/{Sid}.json)', () => {
    it('answers the account to its Account SID and Auth Token', async () => {
      const account = await fixture.emulator.admin.createAccount({ friendlyName: 'Acme', type: 'Full' });

      const fetched = await fixture.sdk(account).api.v2010.accounts(account.accountSid).fetch();

      expect(fetched).toMatchObject({
        sid: account.accountSid,
        friendlyName: 'Acme',
        status: 'active',
        type: 'Full',
        ownerAccountSid: account.accountSid,
        authToken: account.authToken,
        uri: `/2010-04-01/Accounts/${account.accountSid}.json`,
      });
      expect(fetched.dateCreated).toBeInstanceOf(Date);
      expect(Number.isNaN(fetched.dateCreated.getTime())).toBe(false);
      expect(fetched.subresourceUris.messages).toBe(`/2010-04-01/Accounts/${account.accountSid}/Messages.json`);
    });

    it('accepts the secondary Auth Token as well', async () => {
      const account = await fixture.emulator.admin.createAccount({ secondaryAuthToken: 'ab'.repeat(16) });

      const fetched = await fixture.sdk(account, { secondaryToken: true }).api.v2010.accounts(account.accountSid).fetch();

      expect(fetched.sid).toBe(account.accountSid);
    });

    it('accepts a Main API key and its secret, acting as the key’s account', async () => {
      const account = await fixture.emulator.admin.createAccount();
      const key = await fixture.emulator.admin.createApiKey(account.accountSid, { type: 'main' });
      const client = createTwilioRestClient({
        username: key.sid,
        password: key.secret,
        accountSid: account.accountSid,
        apiBaseUrl: fixture.emulator.url,
      });

      const fetched = await client.api.v2010.accounts(account.accountSid).fetch();

      expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
      expect(fetched.sid).toBe(account.accountSid);
    });

    it('answers 401 with code 20003 for a wrong auth token', async () => {
      const account = await fixture.emulator.admin.createAccount();

      const answer = await rawGet(`/api/2010-04-01/Accounts/${account.accountSid}.json`, basic(account.accountSid, '0'.repeat(32)));

      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
    });

    it('surfaces the 401 to the SDK as a RestException with code 20003', async () => {
      const account = await fixture.emulator.admin.createAccount();

      const fetching = fixture.sdk({ ...account, authToken: 'f'.repeat(32) }).api.v2010.accounts(account.accountSid).fetch();

      await expect(fetching).rejects.toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' });
    });

    it('answers 401 with code 20003 without credentials', async () => {
      const account = await fixture.emulator.admin.createAccount();

      const answer = await rawGet(`/api/2010-04-01/Accounts/${account.accountSid}.json`);

      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ code: 20003, message: 'Authentication Error - No credentials provided' });
    });

    it('answers 401 for an API key whose secret is wrong', async () => {
      const account = await fixture.emulator.admin.createAccount();
      const key = await fixture.emulator.admin.createApiKey(account.accountSid);

      const answer = await rawGet(`/api/2010-04-01/Accounts/${account.accountSid}.json`, basic(key.sid, 'not-the-secret'));

      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe(20003);
    });

    it("answers 401 when one account's credentials address another account", async () => {
      const mine = await fixture.emulator.admin.createAccount();
      const theirs = await fixture.emulator.admin.createAccount();

      const fetching = fixture.sdk(mine).api.v2010.accounts(theirs.accountSid).fetch();

      await expect(fetching).rejects.toMatchObject({ status: 401, code: 20003 });
    });
  });

  describe('what it does not serve', () => {
    it.each([
      ['an unimplemented 2010 resource', 'GET', '/api/2010-04-01/Accounts/{sid}/Calls.json'],
      ['an unimplemented method on a served path', 'DELETE', '/api/2010-04-01/Accounts/{sid}/Messages.json'],
      ['an unknown product', 'GET', '/video/v1/Rooms'],
      ['the bare root', 'GET', '/'],
    ])('answers 404 with code 20404 for %s', async (_case, method, pathTemplate) => {
      const account = await fixture.emulator.admin.createAccount();
      const path = pathTemplate.replace('{sid}', account.accountSid);

      const response = await fetch(`${fixture.emulator.url}${path}`, {
        method,
        headers: { Authorization: basic(account.accountSid, account.authToken) },
      });

      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        code: 20404,
        message: expect.stringContaining('was not found'),
        more_info: 'https://www.twilio.com/docs/errors/20404',
        status: 404,
      });
    });
  });
});
