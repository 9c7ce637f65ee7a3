import type { INestApplicationContext } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { ApiError } from '../common/errors/api-error';
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
