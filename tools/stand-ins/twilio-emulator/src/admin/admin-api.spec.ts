import { join } from 'node:path';
import { startTwilioEmulator } from '../start-twilio-emulator';
import { useTwilioEmulator } from '../testing/emulator-fixture';

const DEMO_SEED = join(__dirname, '..', '..', 'seed', 'demo.json');

describe('admin API', () => {
  const fixture = useTwilioEmulator('admin-api', { seedFile: DEMO_SEED });

  describe('the demo seed', () => {
    it('has organization A and B with a number, a Messaging Service and a Conversations Service each, a trial account and an IE1 account', async () => {
      const accounts = await fixture.emulator.admin.accounts();

      expect(accounts.map((account) => [account.type, account.region])).toEqual([
        ['Full', 'us1'],
        ['Full', 'us1'],
        ['Trial', 'us1'],
        ['Full', 'ie1'],
      ]);
      expect(accounts[0].apiKeys.map((key) => key.type)).toEqual(['main', 'standard', 'restricted']);
      expect(accounts[3].apiKeys.map((key) => key.type)).toEqual(['standard']);
      for (const organization of accounts.slice(0, 2)) {
        expect(organization.phoneNumbers).toHaveLength(1);
        expect(organization.messagingServices).toHaveLength(1);
        expect(organization.conversationsServices).toHaveLength(1);
        expect(organization.authToken).toMatch(/^[0-9a-f]{32}$/);
      }
      expect(accounts.filter((account) => account.secondaryAuthToken !== null)).toHaveLength(1);
      expect(accounts[2].verifiedCallerIds).toHaveLength(1);
    });

    it('lets each seeded account in with its own credentials through the real SDK', async () => {
      for (const account of await fixture.emulator.admin.accounts()) {
        await expect(fixture.sdk(account).api.v2010.accounts(account.accountSid).fetch()).resolves.toMatchObject({
          sid: account.accountSid,
          type: account.type,
        });
      }
    });
  });

  describe('createAccount', () => {
    it('generates SIDs and a 32-hex auth token for what it is not given', async () => {
      const account = await fixture.emulator.admin.createAccount({
        friendlyName: 'Generated',
        phoneNumbers: ['+15555550400'],
        messagingServices: [{}],
        conversationsServices: [{}],
      });

      expect(account.accountSid).toMatch(/^AC[0-9a-f]{32}$/);
      expect(account.authToken).toMatch(/^[0-9a-f]{32}$/);
      expect(account.phoneNumbers[0].sid).toMatch(/^PN[0-9a-f]{32}$/);
      expect(account.messagingServices[0]).toMatchObject({ sid: expect.stringMatching(/^MG/), phoneNumbers: ['+15555550400'] });
      expect(account.conversationsServices[0].sid).toMatch(/^IS[0-9a-f]{32}$/);
    });

    it.each([
      ['a malformed account SID', { sid: 'AC123' }],
      ['a non-E.164 number', { phoneNumbers: ['555-0100'] }],
      ['a number another account owns', { phoneNumbers: ['+15555550100'] }],
      ['a sender the account does not own', { phoneNumbers: ['+15555550401'], messagingServices: [{ phoneNumbers: ['+15555550402'] }] }],
      ['an auth token that is not 32 hex digits', { authToken: 'secret' }],
      ['a region Twilio does not process in', { region: 'eu9' as never }],
      ['an unknown API key type', { apiKeys: [{ type: 'super' as never }] }],
      ['a restricted key without permissions', { apiKeys: [{ type: 'restricted' as const }] }],
      ['a restricted key with a malformed permission', { apiKeys: [{ type: 'restricted' as const, permissions: ['messages:create'] }] }],
      ['a restricted key with over 100 permissions', { apiKeys: [{ type: 'restricted' as const, permissions: Array(101).fill('/twilio/messaging/messages/read') }] }],
      ['permissions on a standard key', { apiKeys: [{ type: 'standard' as const, permissions: ['/twilio/messaging/messages/read'] }] }],
      ['a restricted key outside US1', { region: 'ie1' as const, apiKeys: [{ type: 'restricted' as const, permissions: ['/twilio/messaging/messages/read'] }] }],
    ])('refuses %s with 400 and stores nothing', async (_case, seed) => {
      const before = await fixture.emulator.admin.accounts();

      await expect(fixture.emulator.admin.createAccount(seed)).rejects.toThrow(/400/);
      expect(await fixture.emulator.admin.accounts()).toHaveLength(before.length);
    });
  });

  describe('messages and reset', () => {
    it('reads what was sent, and forgets it (and added accounts) on reset', async () => {
      const [organizationA] = await fixture.emulator.admin.accounts();
      await fixture.emulator.admin.createAccount();
      const sent = await fixture
        .sdk(organizationA)
        .messages.create({ to: '+15555550123', from: organizationA.phoneNumbers[0].phoneNumber, body: 'hello' });

      const messages = await fixture.emulator.admin.messages(organizationA.accountSid);
      await fixture.emulator.admin.reset();

      expect(messages).toEqual([
        expect.objectContaining({ sid: sent.sid, to: '+15555550123', body: 'hello', accountSid: organizationA.accountSid }),
      ]);
      expect(await fixture.emulator.admin.messages()).toEqual([]);
      expect(await fixture.emulator.admin.accounts()).toHaveLength(4);
      expect(await fixture.emulator.admin.requests()).toEqual([]);
    });
  });

  it('answers 404 for an unknown admin route', async () => {
    const response = await fetch(`${fixture.emulator.url}/__admin/nothing-here`);

    expect(response.status).toBe(404);
  });
});

describe(startTwilioEmulator.name, () => {
  it('picks a free port for port 0 and can run several emulators side by side', async () => {
    const first = await startTwilioEmulator();
    const second = await startTwilioEmulator();

    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(second.url).not.toBe(first.url);
    await Promise.all([first.stop(), second.stop()]);
  });

  it('lets a process exit on its own after stop(), with status changes, webhooks and a hanging call under way', async () => {
    // A child process proves what matters: nothing the emulator started keeps Node alive.
    const script = `
      const { startTwilioEmulator } = require(${JSON.stringify(join(__dirname, '..', 'start-twilio-emulator.ts'))});
      (async () => {
        const emulator = await startTwilioEmulator({ timing: { sendDelayMs: 60000, deliverDelayMs: 60000 } });
        const account = await emulator.admin.createAccount({ phoneNumbers: ['+15555550100'] });
        const auth = 'Basic ' + Buffer.from(account.accountSid + ':' + account.authToken).toString('base64');
        const messages = emulator.url + '/api/2010-04-01/Accounts/' + account.accountSid + '/Messages.json';
        const form = { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: auth };
        await fetch(messages, { method: 'POST', headers: form, body: 'To=%2B15555550123&From=%2B15555550100&Body=x&StatusCallback=http%3A%2F%2F10.255.255.1%2Fhook' });
        await emulator.admin.injectFaults({ hangMs: 60000 });
        fetch(messages, { headers: { Authorization: auth } }).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
        await emulator.stop();
        console.log('stopped');
      })();
    `;
    const { spawnSync } = await import('node:child_process');

    const startedAt = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });

    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('stopped');
    expect(child.status).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(15_000);
  });

  it('refuses a seed file that is not there, naming it', async () => {
    await expect(startTwilioEmulator({ seedFile: '/nonexistent/seed.json' })).rejects.toThrow('/nonexistent/seed.json');
  });
});
