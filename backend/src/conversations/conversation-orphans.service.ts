import { Injectable, Logger } from '@nestjs/common';
import { TwilioClientFactory } from '../twilio/twilio-client.factory';
import { translateTwilioError } from '../twilio/twilio-error.translator';
import { ConversationsRepository } from './conversations.repository';
import { conversationsServiceOf, isAnotherOrganizationsConversation, isTwilioNotFound, type OrgConversationsService } from './twilio-conversations';

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
    private readonly factory: TwilioClientFactory,
    private readonly repository: ConversationsRepository,
  ) {}

  async cleanUp(orgId: string, options: OrphanCleanupOptions): Promise<OrphanCleanupResult> {
    const twilio = await conversationsServiceOf(this.factory, orgId);
    const startedAt = Date.now();
    const inTwilio = await this.call(() => twilio.service.conversations.list({ pageSize: 100 }), 'list the conversations');
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
      if (!options.dryRun) await this.deleteInTwilio(twilio, orphan.sid);
      deletedInTwilio.push(orphan.sid);
    }
    const markedRemoved: string[] = [];
    for (const conversation of vanished) {
      const sid = conversation.conversationSid as string;
      if (await this.existsInTwilio(twilio, sid)) continue;
      if (options.dryRun || (await this.repository.markRemoved(orgId, sid, new Date()))) markedRemoved.push(sid);
    }
    this.logger.log(
      { orgId, dryRun: options.dryRun, deletedInTwilio: deletedInTwilio.length, markedRemoved: markedRemoved.length },
      `Orphan conversations cleaned up for org ${orgId}`,
    );
    return { dryRun: options.dryRun, deletedInTwilio, markedRemoved };
  }

  private async deleteInTwilio(twilio: OrgConversationsService, conversationSid: string): Promise<void> {
    try {
      await twilio.service.conversations(conversationSid).remove();
    } catch (error) {
      if (!isTwilioNotFound(error)) throw translateTwilioError(error, { operation: 'delete an orphan conversation' });
    }
  }

  private async existsInTwilio(twilio: OrgConversationsService, conversationSid: string): Promise<boolean> {
    try {
      await twilio.service.conversations(conversationSid).fetch();
      return true;
    } catch (error) {
      if (isTwilioNotFound(error)) return false;
      throw translateTwilioError(error, { operation: 'read a conversation' });
    }
  }

  private async call<T>(request: () => Promise<T>, operation: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw translateTwilioError(error, { operation });
    }
  }
}
