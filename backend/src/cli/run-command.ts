import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { ApiError } from '../common/errors/api-error';
import { ConversationsBulkService } from '../conversations/conversations-bulk.service';
import { EnvCredentialsImportService } from '../twilio-config/env-credentials-import.service';
import { LEGACY_COLLECTION_DEFAULT } from '../twilio-config/legacy-import/legacy-settings-source';
import { countOutcomes, formatLegacyImportReport, LegacySettingsImportService } from '../twilio-config/legacy-import/legacy-settings-import.service';
import { CredentialsReencryptionService } from '../twilio-settings-store';

export const CLI_USAGE = [
  'usage: node dist/backend/cli.js <command>',
  '  import-env --org <orgId>   move TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN/TWILIO_FROM_MAIN into the organization (validated first)',
  '  reencrypt                  re-encrypt every stored secret under CREDENTIALS_ENCRYPTION_KEY',
  `  import-legacy --source-uri <mongodb uri> [--collection ${LEGACY_COLLECTION_DEFAULT}] [--dry-run] [--erase-source]`,
  "                             import the earlier version's TwilioSettings documents (validated, encrypted, audited; docs/migration.md)",
  '  delete-conversations --org <orgId> [--confirm <orgId>]',
  "                             without --confirm: what would be deleted; with it (the org id typed again): deletes the organization's conversations in Twilio and here (audited)",
  '  reassign-conversations --org <orgId> --from <assignee|none> --to <assignee|none> [--dry-run]',
  "                             hands every conversation of one assignee to another, or unassigns them (audited)",
].join('\n');

export interface CommandResult {
  exitCode: number;
  output: string;
}

/** The operator commands; the app context is the API's own module, configured by the environment. */
export async function runCommand(app: INestApplicationContext, argv: string[]): Promise<CommandResult> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'import-env': {
        const { values } = parseArgs({ args: rest, options: { org: { type: 'string' } }, strict: true });
        if (!values.org) return { exitCode: 2, output: `import-env needs --org <orgId>\n${CLI_USAGE}` };
        const outcome = await app.get(EnvCredentialsImportService).importInto(values.org);
        return { exitCode: 0, output: outcome === 'imported' ? `Imported the environment's Twilio credentials into ${values.org}` : `${values.org} already has these credentials; nothing changed` };
      }
      case 'reencrypt': {
        parseArgs({ args: rest, options: {}, strict: true });
        const summary = await app.get(CredentialsReencryptionService).reencryptAll();
        return { exitCode: 0, output: `Re-encrypted ${summary.reencrypted} of ${summary.organizations} organizations' secrets` };
      }
      case 'import-legacy': {
        const { values } = parseArgs({
          args: rest,
          options: {
            'source-uri': { type: 'string' },
            collection: { type: 'string', default: LEGACY_COLLECTION_DEFAULT },
            'dry-run': { type: 'boolean', default: false },
            'erase-source': { type: 'boolean', default: false },
          },
          strict: true,
        });
        if (!values['source-uri']) return { exitCode: 2, output: `import-legacy needs --source-uri <mongodb uri>\n${CLI_USAGE}` };
        const report = await app.get(LegacySettingsImportService).importAll({
          sourceUri: values['source-uri'],
          collection: values.collection,
          dryRun: values['dry-run'],
          eraseSource: values['erase-source'],
        });
        // Exit 1 when a document was refused, so a script notices; the report says which and why.
        return { exitCode: countOutcomes(report.lines).refused > 0 ? 1 : 0, output: formatLegacyImportReport(report) };
      }
      case 'delete-conversations': {
        const { values } = parseArgs({ args: rest, options: { org: { type: 'string' }, confirm: { type: 'string' } }, strict: true });
        if (!values.org) return { exitCode: 2, output: `delete-conversations needs --org <orgId>\n${CLI_USAGE}` };
        const bulk = app.get(ConversationsBulkService);
        if (values.confirm === undefined) {
          const plan = await bulk.planDeleteAll(values.org);
          return {
            exitCode: 0,
            output:
              `Dry run for ${values.org}: would delete ${plan.twilioConversations.length} conversation(s) in Twilio and ${plan.localRecords} local record(s). ` +
              `To delete them, run again with --confirm ${values.org}`,
          };
        }
        const result = await bulk.deleteAll(values.org, values.confirm);
        return { exitCode: 0, output: `Deleted ${result.twilioConversations.length} conversation(s) in Twilio and ${result.deletedLocalRecords} local record(s) of ${values.org}` };
      }
      case 'reassign-conversations': {
        const { values } = parseArgs({
          args: rest,
          options: { org: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
          strict: true,
        });
        if (!values.org || values.from === undefined || values.to === undefined) {
          return { exitCode: 2, output: `reassign-conversations needs --org, --from and --to ('none' for unassigned)\n${CLI_USAGE}` };
        }
        const from = assigneeArgument(values.from);
        const to = assigneeArgument(values.to);
        const bulk = app.get(ConversationsBulkService);
        if (values['dry-run']) {
          return { exitCode: 0, output: `Dry run for ${values.org}: would reassign ${await bulk.countAssignedTo(values.org, from)} conversation(s) from ${values.from} to ${values.to}` };
        }
        const moved = await bulk.reassignAll(values.org, { from, to });
        return { exitCode: 0, output: `Reassigned ${moved} conversation(s) of ${values.org} from ${values.from} to ${values.to}` };
      }
      default:
        return { exitCode: 2, output: CLI_USAGE };
    }
  } catch (error) {
    // ApiError messages are written for people and never carry a secret.
    if (error instanceof ApiError || (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      return { exitCode: 1, output: `${command} failed: ${(error as Error).message}` };
    }
    throw error;
  }
}

/** `none` is nobody: the unassigned conversations, or unassigning them. */
function assigneeArgument(value: string): string | null {
  return value === 'none' ? null : value;
}
