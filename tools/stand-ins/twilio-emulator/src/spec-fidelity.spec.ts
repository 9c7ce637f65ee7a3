/**
 * The fidelity check of the issue: the real `twilio` SDK drives every served operation through
 * TWILIO_API_BASE_URL, gets every field it reads, and every answer validates against the
 * spec's response schema for its operation and status (checked by the fixture after each test).
 */
import { useTwilioEmulator } from './testing/emulator-fixture';
import { SERVED_OPERATIONS } from './twilio-api/operations';

/** The SDK builds each resource from the JSON fields it expects; a field the emulator left out shows as undefined. */
function fieldsTheSdkMissed(resource: { toJSON(): object }): string[] {
  return Object.entries(resource.toJSON())
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
}

describe('fidelity: every served operation, driven by the twilio SDK', () => {
  const fixture = useTwilioEmulator('spec-fidelity');

  it('serves every operation to the SDK with every field the SDK reads', async () => {
    const account = await fixture.emulator.admin.createAccount({
      phoneNumbers: ['+15555550100', '+15555550101'],
      messagingServices: [{ friendlyName: 'Notifications' }],
      conversationsServices: [{ friendlyName: 'Support' }],
    });
    const client = fixture.sdk(account);
    const serviceSid = account.conversationsServices[0].sid;
    const resources: { toJSON(): object }[] = [];
    const keep = <T extends { toJSON(): object }>(resource: T): T => {
      resources.push(resource);
      return resource;
    };

    keep(await client.api.v2010.accounts(account.accountSid).fetch());
    const sms = keep(await client.messages.create({ to: '+15555550123', from: '+15555550100', body: 'fidelity' }));
    await fixture.emulator.admin.waitForMessageStatus(sms.sid, ['delivered']);
    keep(await client.messages(sms.sid).fetch());
    (await client.messages.list({ limit: 5 })).forEach(keep);
    (await client.incomingPhoneNumbers.list({ phoneNumber: '+15555550100' })).forEach(keep);

    keep(await client.messaging.v1.services(account.messagingServices[0].sid).fetch());
    (await client.messaging.v1.services.list()).forEach(keep);

    const service = client.conversations.v1.services(serviceSid);
    keep(await service.fetch());
    keep(await service.configuration.webhooks().fetch());
    keep(
      await service.configuration.webhooks().update({
        postWebhookUrl: `${fixture.webhooks.url}/webhook`,
        filters: ['onConversationAdded', 'onParticipantAdded', 'onMessageAdded', 'onConversationRemoved'],
        method: 'POST',
      }),
    );
    const conversation = keep(await service.conversations.create({ friendlyName: 'Fidelity', xTwilioWebhookEnabled: 'true' }));
    (await service.conversations.list()).forEach(keep);
    keep(await service.conversations(conversation.sid).fetch());
    const thread = service.conversations(conversation.sid);
    const participant = keep(await thread.participants.create({ identity: 'agent', xTwilioWebhookEnabled: 'true' }));
    (await thread.participants.list()).forEach(keep);
    const message = keep(await thread.messages.create({ author: 'agent', body: 'hello', xTwilioWebhookEnabled: 'true' }));
    (await thread.messages.list()).forEach(keep);
    expect(await thread.messages(message.sid).remove()).toBe(true);
    expect(await thread.participants(participant.sid).remove()).toBe(true);
    expect(await thread.remove({ xTwilioWebhookEnabled: 'true' })).toBe(true);

    // Auth Token rotation last: the promotion retires the token this client uses.
    keep(await client.accounts.v1.secondaryAuthToken().create());
    expect(await client.accounts.v1.secondaryAuthToken().remove()).toBe(true);
    const secondary = keep(await client.accounts.v1.secondaryAuthToken().create());
    const promoted = keep(await fixture.sdk({ ...account, authToken: secondary.secondaryAuthToken }).accounts.v1.authTokenPromotion().update());
    expect(promoted.authToken).toBe(secondary.secondaryAuthToken);

    expect(resources.flatMap((resource) => fieldsTheSdkMissed(resource).map((field) => `${resource.constructor.name}.${field}`))).toEqual([]);
    const served = new Set((await fixture.emulator.admin.requests()).filter((e) => e.status < 300).map((e) => e.operation));
    expect(SERVED_OPERATIONS.map((operation) => operation.key).filter((key) => !served.has(key))).toEqual([]);
    const events = await fixture.webhooks.waitFor(4);
    expect(events.map((event) => event.params.EventType).sort()).toEqual([
      'onConversationAdded',
      'onConversationRemoved',
      'onMessageAdded',
      'onParticipantAdded',
    ]);
  });

  it('had every answer of the run validate against the spec (success) or Twilio’s error body (error)', () => {
    // The fixture validated each answer after the previous test; this reads the tally it kept.
    const successes = fixture.verdicts.filter((verdict) => verdict.kind === 'success');
    const operationsSeen = new Set(successes.map((verdict) => verdict.operation));

    expect(SERVED_OPERATIONS.filter((operation) => !operationsSeen.has(operation.key))).toEqual([]);
    expect(fixture.verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
    expect(successes.filter((verdict) => verdict.kind === 'success' && !verdict.strictValid)).toEqual([]);
  });
});
