/**
 * Regions, as Twilio documents them: `{product}.{edge}.{region}.twilio.com` is processed in the
 * region, credentials are region-specific, `api.us1` stays valid and the other region-only names
 * are retired. The SDK builds the host from `edge` / `region`; the transport lib keeps it in the
 * path (`/{host}{path}`), which the emulator journals.
 */
import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import type { EmulatorAccountSummary } from '../admin/admin-types';
import { useTwilioEmulator } from '../testing/emulator-fixture';

describe('regions and regional hosts', () => {
  const fixture = useTwilioEmulator('regions');

  function sdkFor(account: EmulatorAccountSummary, host: { edge?: string; region?: string }, key?: { sid: string; secret: string }) {
    return createTwilioRestClient({
      username: key?.sid ?? account.accountSid,
      password: key?.secret ?? account.authToken,
      accountSid: account.accountSid,
      apiBaseUrl: fixture.emulator.url,
      ...host,
    });
  }

  async function lastExchange() {
    const exchanges = await fixture.emulator.admin.requests();
    return exchanges[exchanges.length - 1];
  }

  const ireland = () => fixture.emulator.admin.createAccount({ region: 'ie1', phoneNumbers: ['+15555550100'], conversationsServices: [{}] });

  it('serves an IE1 account on api.dublin.ie1 and journals the host, edge and region', async () => {
    const account = await ireland();

    const fetched = await sdkFor(account, { edge: 'dublin', region: 'ie1' }).api.v2010.accounts(account.accountSid).fetch();

    expect(fetched.sid).toBe(account.accountSid);
    expect(await lastExchange()).toMatchObject({
      host: 'api.dublin.ie1',
      edge: 'dublin',
      region: 'ie1',
      path: `/api.dublin.ie1/2010-04-01/Accounts/${account.accountSid}.json`,
      status: 200,
    });
  });

  it('serves every product on its regional host (conversations.dublin.ie1)', async () => {
    const account = await ireland();

    const service = await sdkFor(account, { edge: 'dublin', region: 'ie1' }).conversations.v1.services(account.conversationsServices[0].sid).fetch();

    expect(service.sid).toBe(account.conversationsServices[0].sid);
    expect(await lastExchange()).toMatchObject({ host: 'conversations.dublin.ie1', region: 'ie1', status: 200 });
  });

  it('refuses IE1 credentials on a US1 host with 401 / 20003, Auth Token and API key alike', async () => {
    const account = await ireland();
    const key = await fixture.emulator.admin.createApiKey(account.accountSid);

    await expect(sdkFor(account, {}).api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({ status: 401, code: 20003 });
    await expect(sdkFor(account, {}, key).messages.create({ to: '+15555550123', from: '+15555550100', body: 'x' })).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    await expect(sdkFor(account, { edge: 'dublin', region: 'ie1' }, key).messages.create({ to: '+15555550123', from: '+15555550100', body: 'x' }))
      .resolves.toMatchObject({ accountSid: account.accountSid });
  });

  it('refuses US1 credentials on an IE1 host with 401 / 20003', async () => {
    const account = await fixture.emulator.admin.createAccount();

    await expect(sdkFor(account, { edge: 'dublin', region: 'ie1' }).api.v2010.accounts(account.accountSid).fetch()).rejects.toMatchObject({
      status: 401,
      code: 20003,
    });
    expect(await lastExchange()).toMatchObject({ host: 'api.dublin.ie1', region: 'ie1', status: 401 });
  });

  it('processes api.twilio.com (no edge, no region) and api.us1.twilio.com in US1', async () => {
    const account = await fixture.emulator.admin.createAccount();

    await sdkFor(account, {}).api.v2010.accounts(account.accountSid).fetch();
    const plain = await lastExchange();
    await sdkFor(account, { region: 'us1' }).api.v2010.accounts(account.accountSid).fetch();
    const us1 = await lastExchange();

    expect(plain).toMatchObject({ host: 'api', edge: null, region: 'us1', status: 200 });
    expect(us1).toMatchObject({ host: 'api.us1', edge: null, region: 'us1', status: 200 });
  });

  it('processes an edge given without a region in US1, the region the SDK fills in', async () => {
    const account = await fixture.emulator.admin.createAccount();

    await sdkFor(account, { edge: 'dublin' }).api.v2010.accounts(account.accountSid).fetch();

    expect(await lastExchange()).toMatchObject({ host: 'api.dublin.us1', edge: 'dublin', region: 'us1', status: 200 });
  });

  it.each([
    ['the retired api.ie1 (a region without an edge)', { region: 'ie1' }, 'api.ie1'],
    ['the retired api.au1', { region: 'au1' }, 'api.au1'],
    ['an edge Twilio does not have', { edge: 'mars', region: 'ie1' }, 'api.mars.ie1'],
    ['a region Twilio does not process in', { edge: 'dublin', region: 'eu9' }, 'api.dublin.eu9'],
  ])('gives no HTTP answer on %s: the name resolves nowhere', async (_case, host, expectedHost) => {
    const account = await ireland();

    const fetching = sdkFor(account, host).api.v2010.accounts(account.accountSid).fetch();

    await expect(fetching).rejects.toThrow();
    await expect(fetching).rejects.not.toHaveProperty('status');
    expect(await lastExchange()).toMatchObject({ host: expectedHost, region: null, status: 0, operation: null });
  });
});
