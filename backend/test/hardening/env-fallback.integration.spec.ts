import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { CapturedLogOutput } from '../auth/support/captured-log-output';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** A tenant turns its settings off; with the development fallback on, does its traffic slip onto the shared account? */
describe('the development fallback (integration)', () => {
  const logs = new CapturedLogOutput();
  let emulator: RunningTwilioEmulator;
  let sut: TwilioConfigTestApp;
  let shared: EmulatorAccountSummary;
  let own: EmulatorAccountSummary;

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
    shared = await emulator.admin.createAccount({ phoneNumbers: ['+61477700001'] });
    logs.start();
    sut = await startTwilioConfigTestApp(
      'env-fallback',
      { LOG_LEVEL: 'warn', TWILIO_ENV_FALLBACK: 'true', TWILIO_ACCOUNT_SID: shared.accountSid, TWILIO_AUTH_TOKEN: shared.authToken, TWILIO_FROM_MAIN: '+61477700001' },
      { emulator },
    );
    own = await sut.createTwilioAccount();
  });

  afterAll(async () => {
    logs.stop();
    await sut?.close();
    await emulator?.stop();
  });

  const sendTestSms = (orgId: string) =>
    sut.http.post('/api/twilio-config/test/sms').set('Authorization', sut.bearer(orgId)).send({ to: '+61412345678', body: 'via which account?' });

  it('warns once, at warn level, at start, without the shared token', () => {
    const lines = logs.text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { level: number; msg: string });
    const warnings = lines.filter((line) => /fallback/i.test(line.msg) && line.msg.includes('TWILIO_ENV_FALLBACK'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].level).toBe(40);
    expect(warnings[0].msg).toContain(`AC…${shared.accountSid.slice(-4)}`);
    expect(logs.text).not.toContain(shared.authToken);
    expect(logs.text).not.toContain(shared.accountSid);
  });

  it('still serves an organization without settings through the shared account', async () => {
    await sendTestSms(ORG_B).expect(200);
    expect(await emulator.admin.messages(shared.accountSid)).toHaveLength(1);
  });

  it('refuses a disabled organization with 409 DISABLED and sends nothing through the shared account', async () => {
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(own)).expect(200);
    await sendTestSms(ORG_A).expect(200);
    await sut.http.put('/api/twilio-config/settings/toggle').set('Authorization', sut.bearer(ORG_A)).send({ enabled: false }).expect(200);
    const sharedBefore = (await emulator.admin.messages(shared.accountSid)).length;

    const refused = await sendTestSms(ORG_A);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'DISABLED' });
    expect(await emulator.admin.messages(shared.accountSid)).toHaveLength(sharedBefore);
    expect(await emulator.admin.messages(own.accountSid)).toHaveLength(1);
    const view = await sut.http.get('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).expect(200);
    expect(view.body).toMatchObject({ enabled: false, credentialSource: 'none' });
  });
});
