import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import twilio from 'twilio';
import type { EmulatorAccountSummary } from '../admin/admin-types';
import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('Auth Token rotation (Accounts v1 AuthTokens)', () => {
  const fixture = useTwilioEmulator('auth-tokens');
  const FROM = '+15555550100';
  const TO = '+15555550123';

  const withToken = (account: EmulatorAccountSummary, authToken: string) => fixture.sdk({ ...account, authToken });
  const fetchesAccount = (account: EmulatorAccountSummary, authToken: string) =>
    withToken(account, authToken).api.v2010.accounts(account.accountSid).fetch();
  const keyClient = (accountSid: string, key: { sid: string; secret: string }) =>
    createTwilioRestClient({ username: key.sid, password: key.secret, accountSid, apiBaseUrl: fixture.emulator.url });
  const current = async (accountSid: string) =>
    (await fixture.emulator.admin.accounts()).find((account) => account.accountSid === accountSid) as EmulatorAccountSummary;

  describe('create (POST accounts.twilio.com/v1/AuthTokens/Secondary)', () => {
    it('answers 201 with a new secondary token; both tokens then authenticate', async () => {
      const account = await fixture.emulator.admin.createAccount();

      const secondary = await fixture.sdk(account).accounts.v1.secondaryAuthToken().create();

      expect(secondary).toMatchObject({
        accountSid: account.accountSid,
        url: 'https://accounts.twilio.com/v1/AuthTokens/Secondary',
      });
      expect(secondary.secondaryAuthToken).toMatch(/^[0-9a-f]{32}$/);
      expect(secondary.secondaryAuthToken).not.toBe(account.authToken);
      expect(secondary.dateCreated).toBeInstanceOf(Date);
      expect((await fetchesAccount(account, account.authToken)).sid).toBe(account.accountSid);
      expect((await fetchesAccount(account, secondary.secondaryAuthToken)).sid).toBe(account.accountSid);
      expect((await current(account.accountSid)).secondaryAuthToken).toBe(secondary.secondaryAuthToken);
      const exchange = (await fixture.emulator.admin.requests()).find((e) => e.operation === 'accounts:CreateSecondaryAuthToken');
      expect(exchange).toMatchObject({ host: 'accounts', status: 201 });
    });

    it('refuses a second secondary token (400, code 400) and keeps the first', async () => {
      const account = await fixture.emulator.admin.createAccount({ secondaryAuthToken: 'ab'.repeat(16) });

      const creating = fixture.sdk(account).accounts.v1.secondaryAuthToken().create();

      await expect(creating).rejects.toMatchObject({ status: 400, code: 400 });
      expect((await current(account.accountSid)).secondaryAuthToken).toBe('ab'.repeat(16));
    });
  });

  describe('delete (DELETE accounts.twilio.com/v1/AuthTokens/Secondary)', () => {
    it('answers 204; the secondary token stops authenticating, the primary goes on', async () => {
      const account = await fixture.emulator.admin.createAccount({ secondaryAuthToken: 'ab'.repeat(16) });

      expect(await fixture.sdk(account).accounts.v1.secondaryAuthToken().remove()).toBe(true);

      await expect(fetchesAccount(account, 'ab'.repeat(16))).rejects.toMatchObject({ status: 401, code: 20003 });
      expect((await fetchesAccount(account, account.authToken)).sid).toBe(account.accountSid);
      expect((await current(account.accountSid)).secondaryAuthToken).toBeNull();
    });

    it('answers 404 / 20404 when there is no secondary token', async () => {
      const account = await fixture.emulator.admin.createAccount();

      await expect(fixture.sdk(account).accounts.v1.secondaryAuthToken().remove()).rejects.toMatchObject({ status: 404, code: 20404 });
    });
  });

  describe('promote (POST accounts.twilio.com/v1/AuthTokens/Promote)', () => {
    it('makes the secondary the primary: the old primary fails with 401 / 20003 from then on', async () => {
      const account = await fixture.emulator.admin.createAccount();
      const secondary = await fixture.sdk(account).accounts.v1.secondaryAuthToken().create();

      const promoted = await fixture.sdk(account).accounts.v1.authTokenPromotion().update();

      expect(promoted).toMatchObject({
        accountSid: account.accountSid,
        authToken: secondary.secondaryAuthToken,
        url: 'https://accounts.twilio.com/v1/AuthTokens/Promote',
      });
      await expect(fetchesAccount(account, account.authToken)).rejects.toMatchObject({ status: 401, code: 20003 });
      const fetched = await fetchesAccount(account, secondary.secondaryAuthToken);
      expect(fetched.authToken).toBe(secondary.secondaryAuthToken);
      expect(await current(account.accountSid)).toMatchObject({ authToken: secondary.secondaryAuthToken, secondaryAuthToken: null });
    });

    it('may be called with the secondary token itself', async () => {
      const account = await fixture.emulator.admin.createAccount({ secondaryAuthToken: 'cd'.repeat(16) });

      const promoted = await withToken(account, 'cd'.repeat(16)).accounts.v1.authTokenPromotion().update();

      expect(promoted.authToken).toBe('cd'.repeat(16));
    });

    it('answers 404 / 20404 when there is no secondary token, and changes nothing', async () => {
      const account = await fixture.emulator.admin.createAccount();

      await expect(fixture.sdk(account).accounts.v1.authTokenPromotion().update()).rejects.toMatchObject({ status: 404, code: 20404 });
      expect((await fetchesAccount(account, account.authToken)).sid).toBe(account.accountSid);
    });
  });

  describe('which credentials may rotate', () => {
    it('lets a Main API key create, promote and delete', async () => {
      const account = await fixture.emulator.admin.createAccount();
      const client = keyClient(account.accountSid, await fixture.emulator.admin.createApiKey(account.accountSid, { type: 'main' }));

      const secondary = await client.accounts.v1.secondaryAuthToken().create();
      expect(await client.accounts.v1.secondaryAuthToken().remove()).toBe(true);
      await client.accounts.v1.secondaryAuthToken().create();
      const promoted = await client.accounts.v1.authTokenPromotion().update();

      expect(promoted.authToken).not.toBe(secondary.secondaryAuthToken);
      expect(promoted.authToken).toBe((await current(account.accountSid)).authToken);
    });

    it('refuses a Standard API key with 401 / 20003, as for the Accounts resource', async () => {
      const account = await fixture.emulator.admin.createAccount({ secondaryAuthToken: 'ab'.repeat(16) });
      const client = keyClient(account.accountSid, await fixture.emulator.admin.createApiKey(account.accountSid));

      await expect(client.accounts.v1.secondaryAuthToken().create()).rejects.toMatchObject({ status: 401, code: 20003 });
      await expect(client.accounts.v1.secondaryAuthToken().remove()).rejects.toMatchObject({ status: 401, code: 20003 });
      await expect(client.accounts.v1.authTokenPromotion().update()).rejects.toMatchObject({ status: 401, code: 20003 });
      expect(await current(account.accountSid)).toMatchObject({ authToken: account.authToken, secondaryAuthToken: 'ab'.repeat(16) });
    });

    it('refuses a Restricted API key without the permission (401 / 70051)', async () => {
      const account = await fixture.emulator.admin.createAccount();
      const key = await fixture.emulator.admin.createApiKey(account.accountSid, {
        type: 'restricted',
        permissions: ['/twilio/messaging/messages/create'],
      });

      await expect(keyClient(account.accountSid, key).accounts.v1.secondaryAuthToken().create()).rejects.toMatchObject({
        status: 401,
        code: 70051,
      });
    });
  });

  describe('webhook signatures follow the primary token', () => {
    async function statusCallbackSignature(account: EmulatorAccountSummary, authToken: string) {
      const statusCallback = `${fixture.webhooks.url}/status?rotation=1`;
      fixture.webhooks.clear();
      const message = await withToken(account, authToken).messages.create({ to: TO, from: FROM, body: 'x', statusCallback });
      const [callback] = await fixture.webhooks.waitFor(1, (webhook) => webhook.params.MessageSid === message.sid);
      return { signature: callback.headers['x-twilio-signature'] as string, url: statusCallback, params: callback.params };
    }

    it('signs with the primary only while a secondary exists, and with the new primary after the promotion', async () => {
      const account = await fixture.emulator.admin.createAccount({ phoneNumbers: [FROM] });
      const secondary = await fixture.sdk(account).accounts.v1.secondaryAuthToken().create();

      const before = await statusCallbackSignature(account, account.authToken);
      expect(twilio.validateRequest(account.authToken, before.signature, before.url, before.params)).toBe(true);
      expect(twilio.validateRequest(secondary.secondaryAuthToken, before.signature, before.url, before.params)).toBe(false);

      await fixture.sdk(account).accounts.v1.authTokenPromotion().update();

      const after = await statusCallbackSignature(account, secondary.secondaryAuthToken);
      expect(twilio.validateRequest(secondary.secondaryAuthToken, after.signature, after.url, after.params)).toBe(true);
      expect(twilio.validateRequest(account.authToken, after.signature, after.url, after.params)).toBe(false);
    });
  });
});
