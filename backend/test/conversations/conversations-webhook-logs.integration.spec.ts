import type { EmulatorAccountSummary } from '@twilio-config/twilio-emulator';
import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { CapturedLogOutput } from '../auth/support/captured-log-output';
import { ORG_A, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';
import { messageAddedEvent, postFormWebhook, randomSid } from './support/signed-webhooks';

describe('Conversations webhook logs (integration, LOG_LEVEL=debug)', () => {
  const logs = new CapturedLogOutput();
  let sut: TwilioConfigTestApp;
  let account: EmulatorAccountSummary;
  const messageBody = `Card 4111 1111 1111 1111, exp 12/29 ${randomUUID()}`;
  const signatures: string[] = [];

  beforeAll(async () => {
    logs.start();
    sut = await startTwilioConfigTestApp('conversations-webhook-logs', { LOG_LEVEL: 'debug' });
    account = await sut.createTwilioAccount();
    await sut.http.post('/api/twilio-config/settings').set('Authorization', sut.bearer(ORG_A)).send(settingsFor(account)).expect(200);

    const publicUrl = `${sut.config.publicBaseUrl}/api/twilio/conversations-webhook`;
    const event = messageAddedEvent(account.accountSid, account.conversationsServices[0].sid, { Body: messageBody });
    const signature = twilio.getExpectedTwilioSignature(account.authToken, publicUrl, event);
    const forged = twilio.getExpectedTwilioSignature('f'.repeat(32), publicUrl, event);
    signatures.push(signature, forged);
    const idempotencyToken = randomUUID();
    // Accepted, duplicate, refused for a bad signature, refused for an unknown account.
    await postFormWebhook(sut.http, sut.config.publicBaseUrl, event, { authToken: account.authToken, signature, idempotencyToken }).expect(200);
    await postFormWebhook(sut.http, sut.config.publicBaseUrl, event, { authToken: account.authToken, signature, idempotencyToken }).expect(200);
    await postFormWebhook(sut.http, sut.config.publicBaseUrl, event, { authToken: account.authToken, signature: forged }).expect(403);
    await postFormWebhook(sut.http, sut.config.publicBaseUrl, { ...event, AccountSid: randomSid('AC') }, { authToken: account.authToken }).expect(403);
  });

  afterAll(async () => {
    logs.stop();
    await sut?.close();
  });

  it('logs each outcome, with the organization and event type', () => {
    expect(logs.text).toContain(`Conversations webhook accepted for org ${ORG_A}`);
    expect(logs.text).toContain(`Conversations webhook duplicate for org ${ORG_A}`);
    expect(logs.text).toContain('"reason":"invalid_signature"');
    expect(logs.text).toContain('"reason":"unknown_account"');
  });

  it('never logs the signature, the Auth Token or the message body, at any level', () => {
    for (const secret of [...signatures, account.authToken, messageBody]) {
      expect({ leaked: secret, found: logs.text.includes(secret) }).toEqual({ leaked: secret, found: false });
    }
  });
});
