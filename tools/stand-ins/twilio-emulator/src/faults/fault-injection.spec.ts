import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('fault injection (admin injectFaults)', () => {
  const fixture = useTwilioEmulator('fault-injection');

  it.each([
    [500, 20500],
    [503, 20503],
    [429, 20429],
  ] as const)('answers the next call %s with code %s in Twilio’s error body', async (status, code) => {
    const account = await fixture.emulator.admin.createAccount();
    await fixture.emulator.admin.injectFaults({ count: 1, status });

    await expect(fixture.sdk(account).api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({ status, code });
    await expect(fixture.sdk(account).api.v2010.accounts(account.accountSid).fetch()).resolves.toMatchObject({
      sid: account.accountSid,
    });
  });

  it('uses the given Twilio code instead of the default', async () => {
    const account = await fixture.emulator.admin.createAccount();
    await fixture.emulator.admin.injectFaults({ status: 503, twilioCode: 20001 });

    await expect(fixture.sdk(account).api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({
      status: 503,
      code: 20001,
    });
  });

  it('applies to the next `count` calls only', async () => {
    const account = await fixture.emulator.admin.createAccount();
    await fixture.emulator.admin.injectFaults({ count: 2, status: 500 });
    const fetchAccount = () =>
      fixture
        .sdk(account)
        .api.v2010.accounts(account.accountSid)
        .fetch()
        .then(() => 'ok', (error: { status: number }) => error.status);

    const outcomes = [await fetchAccount(), await fetchAccount(), await fetchAccount()];

    expect(outcomes).toEqual([500, 500, 'ok']);
    expect(await fixture.emulator.admin.pendingFaults()).toEqual([]);
  });

  it('applies only to calls whose path contains pathContains', async () => {
    const account = await fixture.emulator.admin.createAccount({ conversationsServices: [{}] });
    await fixture.emulator.admin.injectFaults({ status: 503, pathContains: '/Configuration/Webhooks' });
    const client = fixture.sdk(account);

    await expect(client.api.v2010.accounts(account.accountSid).fetch()).resolves.toBeDefined();
    await expect(
      client.conversations.v1.services(account.conversationsServices[0].sid).configuration.webhooks().fetch(),
    ).rejects.toMatchObject({ status: 503 });
  });

  it('hangs past the client’s timeout, so the SDK gives up (the product answers 504)', async () => {
    const account = await fixture.emulator.admin.createAccount();
    await fixture.emulator.admin.injectFaults({ hangMs: 1_000 });
    const client = createTwilioRestClient({
      username: account.accountSid,
      password: account.authToken,
      accountSid: account.accountSid,
      apiBaseUrl: fixture.emulator.url,
      timeoutMs: 100,
    });

    const startedAt = Date.now();
    await expect(client.api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({ code: 'ECONNABORTED' });
    expect(Date.now() - startedAt).toBeLessThan(900);
  });

  it('hangs and then fails when given both hangMs and a status', async () => {
    const account = await fixture.emulator.admin.createAccount();
    await fixture.emulator.admin.injectFaults({ hangMs: 50, status: 500 });

    const startedAt = Date.now();
    await expect(fixture.sdk(account).api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({ status: 500 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(45);
  });

  it.each([
    ['no status and no hang', { count: 1 }],
    ['a status Twilio faults do not use', { status: 418 }],
    ['a count of zero', { count: 0, status: 500 }],
  ])('refuses a fault with %s', async (_case, spec) => {
    await expect(fixture.emulator.admin.injectFaults(spec as never)).rejects.toThrow(/400/);
  });
});
