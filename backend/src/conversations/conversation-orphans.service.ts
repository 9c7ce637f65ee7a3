import { Injectable, Logger } from '@nestjs/common';
import { CurrentOrganizationTwilio } from '../twilio/current-organization-twilio';
import { TwilioConversationsAdapter } from '../twilio/twilio-conversations.adapter';
import { AuditLog, type Actor } from '../twilio-settings-store';
import { isThisOrganizationsConversation } from './conversation-names';
import { ConversationsRepository } from './conversations.repository';

export interface OrphanCleanupOptions {
  /** Report only; change nothing. The default: a real run must be asked for. */
  dryRun: boolean;
  /** Twilio conversations younger than this are left alone: a find-or-create may be about to link one. */
  minAgeMinutes: number;
}

export interface OrphanCleanupResult {
  dryRun: boolean;
  /** Twilio conversations this product made for the organization that nobody holds: deleted in Twilio. */
  deletedInTwilio: string[];
  /** Local conversations whose Twilio conversation no longer exists: marked `removed`. */
  markedRemoved: string[];
}

export const ORPHAN_MIN_AGE_MINUTES_DEFAULT = 10;

/**
 * Reconciles an organization's conversations with its Conversations Service, both ways, and audits
 * each run (`conversations.orphans_reported` for a dry run, `conversations.orphans_cleaned`).
 *
 * A Twilio conversation is deleted only when nothing could own it: this product named it for this
 * organization (UniqueName `sms.{org tag}.{digits}`), no record of any organization links it or ever
 * claimed it (created or adopted on 50416; conversation_claims), it is not the one a later
 * find-or-create would adopt for one of the organization's numbers, and it is old enough. A
 * conversation without this product's name (made by an earlier version, by hand, or by another
 * application) or named for another organization is never touched. Each candidate is checked again
 * just before it is deleted, so a conversation linked meanwhile survives.
 */
@Injectable()
export class ConversationOrphansService {
  private readonly logger = new Logger(ConversationOrphansService.name);

  constructor(
    private readonly conversations: TwilioConversationsAdapter,
    private readonly repository: ConversationsRepository,
    private readonly audit: AuditLog,
    private readonly currentTwilio: CurrentOrganizationTwilio,
  ) {}

  /** Serving a request: cleanUp for the caller's organization (the verified token's). */
  cleanUpCurrentOrganization(actor: Actor, options: OrphanCleanupOptions): Promise<OrphanCleanupResult> {
    return this.cleanUp(this.currentTwilio.orgId, actor, options);
  }

  /** The organization named: for operator commands and jobs. */
  async cleanUp(orgId: string, actor: Actor, options: OrphanCleanupOptions): Promise<OrphanCleanupResult> {
    const twilio = await this.conversations.serviceOf(orgId);
    const startedAt = Date.now();
    const inTwilio = await twilio.listConversations();
    const local = await this.repository.listAll(orgId);

    const localUniqueNames = new Set(local.map((conversation) => conversation.uniqueName));
    const oldEnough = startedAt - options.minAgeMinutes * 60_000;
    const candidates = inTwilio.filter(
      (conversation) =>
        isThisOrganizationsConversation(orgId, conversation.uniqueName) &&
        // Named for one of our numbers: a later find-or-create adopts it.
        !localUniqueNames.has(conversation.uniqueName as string) &&
        conversation.dateCreated.getTime() <= oldEnough,
    );
    const held = await this.repository.heldByAnyOrganization(candidates.map((conversation) => conversation.sid));
    const orphans = candidates.filter((conversation) => !held.has(conversation.sid));
    const twilioSids = new Set(inTwilio.map((conversation) => conversation.sid));
    const vanished = local.filter(
      (conversation) => conversation.state === 'active' && conversation.conversationSid !== null && !twilioSids.has(conversation.conversationSid),
    );

    const deletedInTwilio: string[] = [];
    for (const orphan of orphans) {
      if ((await this.repository.heldByAnyOrganization([orphan.sid])).size > 0) continue;
      if (!options.dryRun) await twilio.deleteConversation(orphan.sid);
      deletedInTwilio.push(orphan.sid);
    }
    const markedRemoved: string[] = [];
    for (const conversation of vanished) {
      const sid = conversation.conversationSid as string;
      if (await twilio.conversationExists(sid)) continue;
      if (options.dryRun || (await this.repository.markRemoved(orgId, sid, new Date()))) markedRemoved.push(sid);
    }
    const changed = [...(deletedInTwilio.length > 0 ? ['deletedInTwilio'] : []), ...(markedRemoved.length > 0 ? ['markedRemoved'] : [])];
    await this.audit.record(orgId, actor, options.dryRun ? 'conversations.orphans_reported' : 'conversations.orphans_cleaned', changed);
    this.logger.log(
      { orgId, dryRun: options.dryRun, deletedInTwilio: deletedInTwilio.length, markedRemoved: markedRemoved.length },
      `Orphan conversations cleaned up for org ${orgId}`,
    );
    return { dryRun: options.dryRun, deletedInTwilio, markedRemoved };
  }
}
