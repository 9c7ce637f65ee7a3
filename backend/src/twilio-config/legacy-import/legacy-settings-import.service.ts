import { Injectable, Logger } from '@nestjs/common';
import { isE164, isTwilioSid, maskTwilioSid, TWILIO_SECRET_PATTERN } from '@twilio-config/shared';
import { ApiError } from '../../common/errors/api-error';
import { TwilioCredentialsValidator } from '../../twilio/twilio-credentials.validator';
import { actorName, operatorActor, TwilioSecrets, TwilioSettingsRepository, type StoredTwilioSettingsWithSecrets } from '../../twilio-settings-store';
import { TwilioSettingsService } from '../twilio-settings.service';
import { LegacySettingsSource, type LegacyTwilioSettingsDocument } from './legacy-settings-source';

export type LegacyImportOutcome = 'imported' | 'unchanged' | 'refused';

export interface LegacyImportOptions {
  sourceUri: string;
  collection: string;
  dryRun: boolean;
  eraseSource: boolean;
}

/** One source document's fate. Never carries a secret: reasons are our own words or the API's error messages. */
export interface LegacyImportLine {
  orgId: string | null;
  sourceId: string;
  accountSidMasked: string | null;
  outcome: LegacyImportOutcome;
  reason: string | null;
  notes: string[];
  sourceErased: boolean;
}

export interface LegacyImportReport {
  source: string;
  dryRun: boolean;
  lines: LegacyImportLine[];
}

/** A source document that passed the format checks. */
interface LegacyCandidate {
  orgId: string;
  accountSid: string;
  authToken: string;
  fromNumber: string;
  messagingServiceSid: string | null;
  conversationsServiceSid: string | null;
  enabled: boolean;
  webhookConfigured: boolean;
}

const ACTOR = operatorActor('import-legacy');

/**
 * `npm run twilio:import-legacy` (docs/migration.md, "Phase 3"): the earlier Express version's
 * per-organization TwilioSettings documents become this product's encrypted settings. Each is
 * checked for format, validated with Twilio, saved through TwilioSettingsService for the same
 * organization and audited as `settings.imported` by `system:import-legacy`. Idempotent: a document
 * already imported is `unchanged`. Settings changed here since (by anyone but this command) are
 * never overwritten. `--dry-run` validates and writes nothing; `--erase-source` removes a document's
 * clear-text token from the source once its settings are safely here.
 */
@Injectable()
export class LegacySettingsImportService {
  private readonly logger = new Logger(LegacySettingsImportService.name);

  constructor(
    private readonly repository: TwilioSettingsRepository,
    private readonly secrets: TwilioSecrets,
    private readonly settings: TwilioSettingsService,
    private readonly validator: TwilioCredentialsValidator,
  ) {}

  async importAll(options: LegacyImportOptions): Promise<LegacyImportReport> {
    const source = await LegacySettingsSource.open(options.sourceUri, options.collection);
    try {
      const documents = await source.list();
      const perOrganization = countByOrganization(documents);
      const lines: LegacyImportLine[] = [];
      for (const document of documents) {
        const line = await this.importOne(document, perOrganization, options);
        if (options.eraseSource && !options.dryRun && line.outcome !== 'refused' && typeof document.authToken === 'string') {
          await source.eraseSecrets(document._id);
          line.sourceErased = true;
        }
        lines.push(line);
      }
      const counts = countOutcomes(lines);
      this.logger.log({ dryRun: options.dryRun, ...counts }, 'Legacy Twilio settings import finished');
      return { source: LegacySettingsSource.describe(options.sourceUri, options.collection), dryRun: options.dryRun, lines };
    } finally {
      await source.close();
    }
  }

  private async importOne(
    document: LegacyTwilioSettingsDocument,
    perOrganization: Map<string, number>,
    options: LegacyImportOptions,
  ): Promise<LegacyImportLine> {
    const orgId = typeof document.org_id === 'string' && document.org_id.trim() !== '' ? document.org_id.trim() : null;
    const line: LegacyImportLine = {
      orgId,
      sourceId: String(document._id),
      accountSidMasked: typeof document.accountSid === 'string' ? maskTwilioSid(document.accountSid) : null,
      outcome: 'refused',
      reason: null,
      notes: [],
      sourceErased: false,
    };
    const refuse = (reason: string) => Object.assign(line, { outcome: 'refused' as const, reason });
    if (!orgId) return refuse('no org_id: the document names no organization');
    const sameOrganization = perOrganization.get(orgId) ?? 0;
    if (sameOrganization > 1) return refuse(`${sameOrganization} source documents name this organization: keep one, then run again`);

    const existing = await this.repository.findWithSecretsByOrg(orgId);
    if (typeof document.authToken !== 'string' || document.authToken === '') {
      // Run again after --erase-source: the settings are here already.
      if (existing && existing.accountSid === document.accountSid) return Object.assign(line, { outcome: 'unchanged' as const, notes: ['source token already erased'] });
      return refuse('no authToken in the source document');
    }
    const checked = checkFormat(orgId, document);
    if (typeof checked === 'string') return refuse(checked);

    if (existing && this.isSame(existing, checked)) return Object.assign(line, { outcome: 'unchanged' as const });
    if (existing && existing.updatedBy !== actorName(ACTOR)) {
      return refuse(`already configured here by ${existing.updatedBy} with other settings; not overwritten (delete them here first to import)`);
    }

    try {
      if (options.dryRun) {
        await this.validator.validate(
          { accountSid: checked.accountSid, authToken: checked.authToken },
          { messagingServiceSid: checked.messagingServiceSid, conversationsServiceSid: checked.conversationsServiceSid },
        );
      } else {
        await this.settings.save(
          orgId,
          ACTOR,
          {
            accountSid: checked.accountSid,
            authToken: checked.authToken,
            fromNumber: checked.fromNumber,
            messagingServiceSid: checked.messagingServiceSid ?? undefined,
            conversationsServiceSid: checked.conversationsServiceSid ?? undefined,
          },
          'settings.imported',
        );
        // The source's switch is kept when the settings are new here; later runs leave it to the console.
        if (!existing && !checked.enabled) await this.settings.setEnabled(orgId, ACTOR, false);
      }
    } catch (error) {
      // The API's errors are written for people and never carry a secret.
      if (!(error instanceof ApiError)) throw error;
      return refuse(`${error.code}: ${error.message}`);
    }
    line.outcome = 'imported';
    if (!existing && !checked.enabled) line.notes.push('disabled, as in the source');
    if (checked.webhookConfigured) line.notes.push('webhook not carried over: configure it for this API (POST /api/twilio-config/webhook/configure)');
    return line;
  }

  private isSame(existing: StoredTwilioSettingsWithSecrets, candidate: LegacyCandidate): boolean {
    return (
      existing.accountSid === candidate.accountSid &&
      existing.fromNumber === candidate.fromNumber &&
      existing.messagingServiceSid === candidate.messagingServiceSid &&
      existing.conversationsServiceSid === candidate.conversationsServiceSid &&
      this.secrets.revealAuthToken(existing) === candidate.authToken
    );
  }
}

/** The same rules as the settings form (libs/shared); a refusal names the field, never its value. */
function checkFormat(orgId: string, document: LegacyTwilioSettingsDocument): LegacyCandidate | string {
  if (!isTwilioSid('account', document.accountSid)) return 'accountSid is not an Account SID (AC + 32 hex characters)';
  if (typeof document.authToken !== 'string' || !TWILIO_SECRET_PATTERN.test(document.authToken)) return 'authToken is not 32 letters or digits';
  if (!isE164(document.fromNumber)) return 'fromNumber is missing or not in E.164 format';
  const messagingServiceSid = optionalSid(document.messagingServiceSid);
  if (messagingServiceSid !== null && !isTwilioSid('messagingService', messagingServiceSid)) return 'messagingServiceSid is not a Messaging Service SID (MG + 32 hex)';
  const conversationsServiceSid = optionalSid(document.conversationsServiceSid);
  if (conversationsServiceSid !== null && !isTwilioSid('conversationsService', conversationsServiceSid)) {
    return 'conversationsServiceSid is not a Conversations Service SID (IS + 32 hex)';
  }
  return {
    orgId,
    accountSid: document.accountSid,
    authToken: document.authToken,
    fromNumber: document.fromNumber,
    messagingServiceSid,
    conversationsServiceSid,
    enabled: document.enabled !== false,
    webhookConfigured: document.webhookConfigured === true,
  };
}

function optionalSid(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : (value as string);
}

function countByOrganization(documents: LegacyTwilioSettingsDocument[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { org_id: orgId } of documents) {
    if (typeof orgId === 'string' && orgId.trim() !== '') counts.set(orgId.trim(), (counts.get(orgId.trim()) ?? 0) + 1);
  }
  return counts;
}

export function countOutcomes(lines: LegacyImportLine[]): Record<LegacyImportOutcome, number> {
  const counts: Record<LegacyImportOutcome, number> = { imported: 0, unchanged: 0, refused: 0 };
  for (const line of lines) counts[line.outcome] += 1;
  return counts;
}

/** The per-organization report the command prints: one line per source document, then the totals. */
export function formatLegacyImportReport(report: LegacyImportReport): string {
  const verb = (outcome: LegacyImportOutcome) => (report.dryRun && outcome === 'imported' ? 'would import' : outcome);
  const rows = report.lines.map((line) => {
    const who = line.orgId ?? `(no org_id: source document ${line.sourceId})`;
    const details = [line.accountSidMasked, line.reason, ...line.notes, line.sourceErased ? 'clear-text token erased in the source' : null].filter(Boolean);
    return `  ${who.padEnd(28)} ${verb(line.outcome).padEnd(12)} ${details.join('; ')}`.trimEnd();
  });
  const counts = countOutcomes(report.lines);
  return [
    `Legacy Twilio settings from ${report.source}${report.dryRun ? ' — dry run, nothing changed' : ''}:`,
    ...(rows.length > 0 ? rows : ['  (no documents)']),
    `${report.dryRun ? 'Would import' : 'Imported'} ${counts.imported}, unchanged ${counts.unchanged}, refused ${counts.refused}.`,
  ].join('\n');
}
