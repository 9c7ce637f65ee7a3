import { Injectable, Logger } from '@nestjs/common';
import { CurrentOrganizationTwilio } from '../twilio/current-organization-twilio';
import { TwilioConversationsAdapter } from '../twilio/twilio-conversations.adapter';
import { isAnotherOrganizationsConversation } from './conversation-names';
import { ConversationsRepository } from './conversations.repository';

export interface OrphanCleanupOptions {
  /** Report only; change nothing. */
  dryRun: boolean;
  /** Twilio conversations younger than this are left alone: a find-or-create may be about to link one. */
  minAgeMinutes: number;
}

export interface OrphanCleanupResult {
  dryRun: boolean;
  /** Twilio conversations of the organization's service without a local record: deleted in Twilio. */
  deletedInTwilio: string[];
  /** Local conversations whose Twilio conversation no longer exists: marked `removed`. */
  markedRemoved: string[];
}

export const ORPHAN_MIN_AGE_MINUTES_DEFAULT = 10;

/**
 * Reconciles an organization's conversations with its Conversations Service, both ways. Each
 * candidate is checked again just before it is touched, so a conversation created meanwhile survives.
 * Conversations this product named for another organization (a service shared by tenants) are never touched.
 */
@Injectable()
export class ConversationOrphansService {
  private readonly logger = new Logger(ConversationOrphansService.name);

  constructor(
    private readonly conversations: TwilioConversationsAdapter,
    private readonly repository: ConversationsRepository,
    private readonly currentTwilio: CurrentOrganizationTwilio,
  ) {}

  /** Serving a request: cleanUp for the caller's organization (the verified token's). */
  cleanUpCurrentOrganization(options: OrphanCleanupOptions): Promise<OrphanCleanupResult> {
    return this.cleanUp(this.currentTwilio.orgId, options);
  }

  /** The organization named: for operator commands and jobs. */
  async cleanUp(orgId: string, options: OrphanCleanupOptions): Promise<OrphanCleanupResult> {
    const twilio = await this.conversations.serviceOf(orgId);
    const startedAt = Date.now();
    const inTwilio = await twilio.listConversations();
    const local = await this.repository.listAll(orgId);

    const localSids = new Set(local.flatMap((conversation) => (conversation.conversationSid ? [conversation.conversationSid] : [])));
    const localUniqueNames = new Set(local.map((conversation) => conversation.uniqueName));
    const oldEnough = startedAt - options.minAgeMinutes * 60_000;
    const orphans = inTwilio.filter(
      (conversation) =>
        !localSids.has(conversation.sid) &&
        // Named for one of our numbers: a later find-or-create adopts it.
        !(conversation.uniqueName && localUniqueNames.has(conversation.uniqueName)) &&
        !isAnotherOrganizationsConversation(orgId, conversation.uniqueName) &&
        conversation.dateCreated.getTime() <= oldEnough,
    );
    const twilioSids = new Set(inTwilio.map((conversation) => conversation.sid));
    const vanished = local.filter(
      (conversation) => conversation.state === 'active' && conversation.conversationSid !== null && !twilioSids.has(conversation.conversationSid),
    );

    const deletedInTwilio: string[] = [];
    for (const orphan of orphans) {
      if (await this.repository.findBySid(orgId, orphan.sid)) continue;
      if (!options.dryRun) await twilio.deleteConversation(orphan.sid);
      deletedInTwilio.push(orphan.sid);
    }
    const markedRemoved: string[] = [];
    for (const conversation of vanished) {
      const sid = conversation.conversationSid as string;
      if (await twilio.conversationExists(sid)) continue;
      if (options.dryRun || (await this.repository.markRemoved(orgId, sid, new Date()))) markedRemoved.push(sid);
    }
    this.logger.log(
      { orgId, dryRun: options.dryRun, deletedInTwilio: deletedInTwilio.length, markedRemoved: markedRemoved.length },
      `Orphan conversations cleaned up for org ${orgId}`,
    );
    return { dryRun: options.dryRun, deletedInTwilio, markedRemoved };
  }
}
