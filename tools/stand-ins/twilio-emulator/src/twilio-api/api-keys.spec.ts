/**
 * API keys of the three kinds, as Twilio documents them ("Key resource v1", "Restricted API keys")
 * and answers them (401 / 20003 for a Standard key on the Accounts resource, 401 / 70051 for a
 * Restricted key without the permission). Every answer is validated against the specs (or
 * Twilio's error body) by the fixture after each test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import type { CreateApiKeyOptions, EmulatorAccountSummary } from '../admin/admin-types';
import type { EmulatorSeed } from '../store/seed';
import { useTwilioEmulator } from '../testing/emulator-fixture';
import { PERMISSION_OF_OPERATION, isPermissionName } from './api-key-access';
import { SERVED_OPERATIONS } from './operations';

const DEMO_SEED = join(__dirname, '..', '..', 'seed', 'demo.json');

describe('API keys: Main, Standard and Restricted', () => {
  const fixture = useTwilioEmulator('api-keys');

  async function accountWithKey(options: CreateApiKeyOptions = {}, phoneNumber = '+15555550100') {
    const account = await fixture.emulator.admin.createAccount({
      phoneNumbers: [phoneNumber],
      messagingServices: [{ friendlyName: 'Notifications' }],
      conversationsServices: [{ friendlyName: 'Support' }],
    });
    const key = await fixture.emulator.admin.createApiKey(account.accountSid, options);
    const client = createTwilioRestClient({
      username: key.sid,
      password: key.secret,
      accountSid: account.accountSid,
      apiBaseUrl: fixture.emulator.url,
    });
    return { account, key, client };
  }

  const sendSms = (client: ReturnType<typeof createTwilioRestClient>) =>
    client.messages.create({ to: '+15555550123', from: '+15555550100', body: 'hello' });

  describe('Standard (what the REST API creates by default)', () => {
    it('is the kind an admin-created key gets when none is named', async () => {
      const { key } = await accountWithKey();

      expect(key).toMatchObject({ type: 'standard', permissions: [] });
    });

    it('answers the account fetch 401 with code 20003 "Authenticate", like bad credentials', async () => {
      const { account, key } = await accountWithKey();

      const response = await fetch(`${fixture.emulator.url}/api/2010-04-01/Accounts/${account.accountSid}.json`, {
        headers: { Authorization: 'Basic ' + Buffer.from(`${key.sid}:${key.secret}`).toString('base64') },
      });

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Basic realm="Twilio API"');
      expect(await response.json()).toEqual({
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
    });

    it('does everything else the product calls: numbers, messages, services, webhook configuration, conversations', async () => {
      const { account, client } = await accountWithKey();
      const serviceSid = account.conversationsServices[0].sid;
      const service = client.conversations.v1.services(serviceSid);

      const numbers = await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550100' });
      const sms = await sendSms(client);
      const fetched = await client.messages(sms.sid).fetch();
      const messagingService = await client.messaging.v1.services(account.messagingServices[0].sid).fetch();
      await service.fetch();
      const webhooks = await service.configuration.webhooks().update({ postWebhookUrl: 'https://example.com/hook', filters: ['onMessageAdded'] });
      const conversation = await service.conversations.create({ friendlyName: 'Ticket' });
      await service.conversations(conversation.sid).participants.create({
        'messagingBinding.address': '+15555550123',
        'messagingBinding.proxyAddress': '+15555550100',
      });

      expect(numbers.map((number) => number.phoneNumber)).toEqual(['+15555550100']);
      expect(fetched.accountSid).toBe(account.accountSid);
      expect(messagingService.sid).toBe(account.messagingServices[0].sid);
      expect(webhooks.postWebhookUrl).toBe('https://example.com/hook');
      await expect(client.api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 });
    });
  });

  describe('Main', () => {
    it('fetches the account, like the Account SID and Auth Token', async () => {
      const { account, client } = await accountWithKey({ type: 'main' });

      await expect(client.api.v2010.accounts(account.accountSid).fetch()).resolves.toMatchObject({ sid: account.accountSid });
      await expect(sendSms(client)).resolves.toMatchObject({ accountSid: account.accountSid });
    });
  });

  describe('Restricted', () => {
    it('does what its permissions allow', async () => {
      const { account, client } = await accountWithKey({ type: 'restricted', permissions: ['/twilio/messaging/messages/create'] });

      await expect(sendSms(client)).resolves.toMatchObject({ accountSid: account.accountSid, status: 'queued' });
    });

    it.each([
      ['a message list', 'twilio/messaging/messages/list', (c: ReturnType<typeof createTwilioRestClient>) => c.messages.list()],
      ['a message fetch (read is not list)', 'twilio/messaging/messages/read', (c: ReturnType<typeof createTwilioRestClient>) => c.messages('SM' + '0'.repeat(32)).fetch()],
      ['the number lookup', 'twilio/phone-numbers/active-numbers/list', (c: ReturnType<typeof createTwilioRestClient>) => c.incomingPhoneNumbers.list()],
      ['a Messaging Service fetch', 'twilio/messaging/services/read', (c: ReturnType<typeof createTwilioRestClient>) => c.messaging.v1.services('MG' + '0'.repeat(32)).fetch()],
    ])('answers %s without the permission 401 with code 70051 naming it', async (_case, permission, call) => {
      const { client } = await accountWithKey({ type: 'restricted', permissions: ['/twilio/messaging/messages/create'] });

      await expect(call(client)).rejects.toMatchObject({
        status: 401,
        code: 70051,
        message: `Authorization Error: required permission ${permission} is missing`,
        moreInfo: 'https://www.twilio.com/docs/errors/70051',
      });
    });

    it('answers the account fetch 70051 unless it holds /twilio/iam/accounts/read', async () => {
      const without = await accountWithKey({ type: 'restricted', permissions: ['/twilio/messaging/messages/create'] });
      const withIt = await accountWithKey({ type: 'restricted', permissions: ['/twilio/iam/accounts/read'] }, '+15555550101');

      await expect(without.client.api.v2010.accounts(without.account.accountSid).fetch()).rejects.toMatchObject({ status: 401, code: 70051 });
      await expect(withIt.client.api.v2010.accounts(withIt.account.accountSid).fetch()).resolves.toMatchObject({ sid: withIt.account.accountSid });
    });

    it('grants every action on a resource with {resource}/*', async () => {
      const { client } = await accountWithKey({ type: 'restricted', permissions: ['/twilio/messaging/messages/*'] });

      const sms = await sendSms(client);

      await expect(client.messages(sms.sid).fetch()).resolves.toMatchObject({ sid: sms.sid });
      await expect(client.messages.list()).resolves.toHaveLength(1);
      await expect(client.incomingPhoneNumbers.list()).rejects.toMatchObject({ code: 70051 });
    });

    it('names a permission, in Twilio’s catalog shape, for every served operation', () => {
      const missing = SERVED_OPERATIONS.map((operation) => operation.key).filter((key) => !isPermissionName(PERMISSION_OF_OPERATION[key]));

      expect(missing).toEqual([]);
    });

    it('with the demo seed’s permissions, makes every call the product makes', async () => {
      const demo = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as EmulatorSeed;
      const restricted = demo.accounts[0].apiKeys?.find((key) => key.type === 'restricted');
      const { account, client } = await accountWithKey({ type: 'restricted', permissions: restricted?.permissions });
      const service = client.conversations.v1.services(account.conversationsServices[0].sid);

      await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550100' });
      const sms = await sendSms(client);
      await client.messages(sms.sid).fetch();
      await client.messaging.v1.services(account.messagingServices[0].sid).fetch();
      await service.fetch();
      await service.configuration.webhooks().fetch();
      await service.configuration.webhooks().update({ postWebhookUrl: 'https://example.com/hook' });
      const conversation = await service.conversations.create({});
      await service.conversations.list();
      await service.conversations(conversation.sid).fetch();
      const thread = service.conversations(conversation.sid);
      const participant = await thread.participants.create({ identity: 'agent' });
      await thread.participants.list();
      const message = await thread.messages.create({ author: 'agent', body: 'hi' });
      await thread.messages.list();
      await thread.messages(message.sid).remove();
      await thread.participants(participant.sid).remove();
      await thread.remove();

      const refused = (await fixture.emulator.admin.requests()).filter((exchange) => exchange.status >= 400);
      expect(refused).toEqual([]);
    });
  });

  describe('scope', () => {
    it('acts as its own account only: another account’s path is 401 / 20003, its resources are 404 / 20404', async () => {
      const mine = await accountWithKey({ type: 'main' });
      const theirs = await accountWithKey({ type: 'main' }, '+15555550101');

      await expect(mine.client.api.v2010.accounts(theirs.account.accountSid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 });
      await expect(mine.client.messaging.v1.services(theirs.account.messagingServices[0].sid).fetch()).rejects.toMatchObject({
        status: 404,
        code: 20404,
      });
    });

    it('is listed with its kind and permissions by the admin API and the seed', async () => {
      const account: EmulatorAccountSummary = await fixture.emulator.admin.createAccount({
        apiKeys: [{ type: 'main' }, {}, { type: 'restricted', permissions: ['/twilio/messaging/messages/create'] }],
      });

      expect(account.apiKeys.map(({ type, permissions }) => ({ type, permissions }))).toEqual([
        { type: 'main', permissions: [] },
        { type: 'standard', permissions: [] },
        { type: 'restricted', permissions: ['/twilio/messaging/messages/create'] },
      ]);
    });

    it('refuses to create a restricted key without permissions (400)', async () => {
      const account = await fixture.emulator.admin.createAccount();

      await expect(fixture.emulator.admin.createApiKey(account.accountSid, { type: 'restricted' })).rejects.toThrow(/400/);
    });
  });
});
