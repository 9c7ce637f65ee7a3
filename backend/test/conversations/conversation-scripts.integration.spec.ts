import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { runCommand } from '../../src/cli/run-command';
import { ConversationsBulkService } from '../../src/conversations/conversations-bulk.service';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

/** The earlier version's deleteAllConversations and reassignConversations, per organization, as operator commands. */
describe('conversation operator commands (integration: FerretDB, Twilio emulator)', () => {
  let emulator: RunningTwilioEmulator;
  let app: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;
  let phoneSequence = 0;

  const createConversation = async (orgId: string): Promise<string> => {
    phoneSequence += 1;
    const response = await app.http
      .post('/api/conversations')
      .set('Authorization', app.bearer(orgId))
      .send({ phoneNumber: `+6141200${String(phoneSequence).padStart(4, '0')}` })
      .expect(200);
    return response.body.conversationSid as string;
  };
  const assign = (orgId: string, conversationSid: string, assignee: string) =>
    app.http.put(`/api/conversations/${conversationSid}/assignee`).set('Authorization', app.bearer(orgId)).send({ assignee }).expect(200);
  const listOf = async (orgId: string, query = '') => (await app.http.get(`/api/conversations${query}`).set('Authorization', app.bearer(orgId)).expect(200)).body.items;
  const auditOf = async (orgId: string) => (await app.http.get('/api/twilio-config/audit').set('Authorization', app.bearer(orgId)).expect(200)).body.items;

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
    app = await startTwilioConfigTestApp('conversation-scripts', {}, { emulator });
    accountA = await app.createTwilioAccount();
    accountB = await app.createTwilioAccount();
    await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
    await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_B)).send(settingsFor(accountB)).expect(200);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.stop();
  });

  describe('reassign-conversations', () => {
    it("hands every conversation of one assignee to another, in that organization only, audited; --dry-run changes nothing", async () => {
      const [first, second, third] = [await createConversation(ORG_A), await createConversation(ORG_A), await createConversation(ORG_A)];
      const inB = await createConversation(ORG_B);
      await assign(ORG_A, first, 'auth0|leaving');
      await assign(ORG_A, second, 'auth0|leaving');
      await assign(ORG_A, third, 'auth0|staying');
      await assign(ORG_B, inB, 'auth0|leaving');

      expect(await runCommand(app.app, ['reassign-conversations', '--org', ORG_A, '--from', 'auth0|leaving', '--to', 'auth0|taking-over', '--dry-run'])).toEqual({
        exitCode: 0,
        output: `Dry run for ${ORG_A}: would reassign 2 conversation(s) from auth0|leaving to auth0|taking-over`,
      });
      expect(await listOf(ORG_A, '?assignee=auth0|taking-over')).toHaveLength(0);

      expect(await runCommand(app.app, ['reassign-conversations', '--org', ORG_A, '--from', 'auth0|leaving', '--to', 'auth0|taking-over'])).toEqual({
        exitCode: 0,
        output: `Reassigned 2 conversation(s) of ${ORG_A} from auth0|leaving to auth0|taking-over`,
      });
      const takenOver = await listOf(ORG_A, '?assignee=auth0|taking-over');
      expect(takenOver.map((conversation: { conversationSid: string }) => conversation.conversationSid).sort()).toEqual([first, second].sort());
      expect(await listOf(ORG_A, '?assignee=auth0|staying')).toHaveLength(1);
      expect(await listOf(ORG_B, '?assignee=auth0|leaving')).toHaveLength(1);
      expect((await auditOf(ORG_A))[0]).toMatchObject({ actor: 'system:reassign-conversations', action: 'conversations.reassigned', fields: ['assignee'] });

      // 'none' unassigns.
      expect((await runCommand(app.app, ['reassign-conversations', '--org', ORG_A, '--from', 'auth0|staying', '--to', 'none'])).output).toMatch(/^Reassigned 1 /);
      expect(await listOf(ORG_A, '?assignee=auth0|staying')).toHaveLength(0);
    });
  });

  describe('delete-conversations', () => {
    it('reports first, deletes only with the organization id typed again, in Twilio and here, audited, and leaves other organizations alone', async () => {
      const localBefore = (await listOf(ORG_A)).length;
      expect(localBefore).toBeGreaterThan(0);
      const bulk = app.app.get(ConversationsBulkService);
      const inTwilioBefore = (await bulk.planDeleteAll(ORG_A)).twilioConversations.length;
      const inBBefore = (await bulk.planDeleteAll(ORG_B)).twilioConversations.length;

      const dryRun = await runCommand(app.app, ['delete-conversations', '--org', ORG_A]);
      expect(dryRun).toEqual({
        exitCode: 0,
        output: `Dry run for ${ORG_A}: would delete ${inTwilioBefore} conversation(s) in Twilio and ${localBefore} local record(s). To delete them, run again with --confirm ${ORG_A}`,
      });
      const mistyped = await runCommand(app.app, ['delete-conversations', '--org', ORG_A, '--confirm', ORG_B]);
      expect(mistyped).toMatchObject({ exitCode: 1, output: expect.stringContaining('Nothing deleted: --confirm must repeat the organization id') });
      expect(await listOf(ORG_A)).toHaveLength(localBefore);

      expect(await runCommand(app.app, ['delete-conversations', '--org', ORG_A, '--confirm', ORG_A])).toEqual({
        exitCode: 0,
        output: `Deleted ${inTwilioBefore} conversation(s) in Twilio and ${localBefore} local record(s) of ${ORG_A}`,
      });
      expect(await listOf(ORG_A)).toHaveLength(0);
      expect((await bulk.planDeleteAll(ORG_A)).twilioConversations).toHaveLength(0);
      expect((await auditOf(ORG_A))[0]).toMatchObject({ actor: 'system:delete-conversations', action: 'conversations.deleted' });

      expect((await bulk.planDeleteAll(ORG_B)).twilioConversations).toHaveLength(inBBefore);
      expect(await listOf(ORG_B)).toHaveLength(1);
      // The organization works on: the next find-or-create makes a new conversation.
      await createConversation(ORG_A);
    });

    it('needs --org', async () => {
      expect(await runCommand(app.app, ['delete-conversations'])).toMatchObject({ exitCode: 2, output: expect.stringContaining('--org') });
    });
  });
});
