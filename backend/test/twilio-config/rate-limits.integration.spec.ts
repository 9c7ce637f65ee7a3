import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

describe('per-organization rate limits (integration)', () => {
  let sut: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;

  beforeAll(async () => {
    // The contract's defaults: 5 test SMS and 10 credential validations a minute per organization.
    sut = await startTwilioConfigTestApp('rate-limits');
    accountA = await sut.createTwilioAccount();
    accountB = await sut.createTwilioAccount();
  });

  afterAll(() => sut?.close());

  const sendSms = (orgId: string) =>
    sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(orgId)).send({ to: '+61412345678', body: 'limit' });
  const save = (orgId: string, account: EmulatorAccountSummary) =>
    sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(orgId)).send(settingsFor(account));

  it('allows 10 credential validations a minute, then answers 429 RATE_LIMITED with Retry-After', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) statuses.push((await save(ORG_A, accountA)).status);
    expect(statuses).toEqual(Array(10).fill(200));
    const limited = await save(ORG_A, accountA).expect(429);
    expect(limited.body).toEqual({ statusCode: 429, code: 'RATE_LIMITED', message: expect.stringContaining('try again') });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it("never limits one organization for another's use", async () => {
    await save(ORG_B, accountB).expect(200);
  });

  it('allows 5 test SMS a minute, then answers 429; other routes stay open', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await sendSms(ORG_B)).status);
    expect(statuses).toEqual(Array(5).fill(200));
    const limited = await sendSms(ORG_B).expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_B)).expect(200);
  });

  it('counts test SMS and validations separately', async () => {
    // ORG_A used up its validations above; its test SMS are untouched.
    await sendSms(ORG_A).expect(200);
  });
});
