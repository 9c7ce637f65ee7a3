import { Injectable, Logger } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';
import { TwilioConversationsAdapter } from '../twilio/twilio-conversations.adapter';
import { actorName, AuditLog, operatorActor } from '../twilio-settings-store';
import { isAnotherOrganizationsConversation } from './conversation-names';
import { ConversationsRepository } from './conversations.repository';

export interface ConversationsDeletionPlan {
  orgId: string;
  /** Local records of the organization (any state). */
  localRecords: number;
  /** Conversations of the organization's Conversations Service that would be deleted in Twilio. */
  twilioConversations: string[];
}

export interface ConversationsDeletionResult extends ConversationsDeletionPlan {
  deletedLocalRecords: number;
}

export interface BulkReassignment {
  /** The current assignee (a token subject), or null for the unassigned conversations. */
  from: string | null;
  /** The new assignee, or null to unassign. */
  to: string | null;
}

/** The typed confirmation did not name the organization: nothing is deleted. */
export class DeletionNotConfirmedError extends ApiError {
  constructor() {
    super(400, 'VALIDATION_FAILED', 'Nothing deleted: --confirm must repeat the organization id exactly (run without it first to see what would go).');
  }
}

/**
 * Operator actions on all of an organization's conversations at once (docs/migration.md, "Their
 * scripts"): what the earlier version's deleteAllConversations and reassignConversations did for
 * its one account, here per organization, always naming it (commands run outside any request), and
 * audited. A Twilio conversation this product named for another organization (a service shared by
 * tenants) is never touched.
 */
@Injectable()
export class ConversationsBulkService {
  private readonly logger = new Logger(ConversationsBulkService.name);

  constructor(
    private readonly conversations: TwilioConversationsAdapter,
    private readonly repository: ConversationsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** What deleteAll would delete; changes nothing. */
  async planDeleteAll(orgId: string): Promise<ConversationsDeletionPlan> {
    const twilio = await this.conversations.serviceOf(orgId);
    const inTwilio = await twilio.listConversations();
    const local = await this.repository.listAll(orgId);
    return {
      orgId,
      localRecords: local.length,
      twilioConversations: inTwilio.filter((conversation) => !isAnotherOrganizationsConversation(orgId, conversation.uniqueName)).map(({ sid }) => sid),
    };
  }

  /**
   * Deletes the organization's conversations in Twilio, then its local records; the stored webhook
   * events stay as history. `confirmation` must be the organization id, typed again.
   */
  async deleteAll(orgId: string, confirmation: string): Promise<ConversationsDeletionResult> {
    if (confirmation !== orgId) throw new DeletionNotConfirmedError();
    const plan = await this.planDeleteAll(orgId);
    const twilio = await this.conversations.serviceOf(orgId);
    for (const sid of plan.twilioConversations) await twilio.deleteConversation(sid);
    const deletedLocalRecords = await this.repository.deleteAllOfOrganization(orgId);
    await this.audit.record(orgId, operatorActor('delete-conversations'), 'conversations.deleted', ['conversations']);
    this.logger.warn(
      { orgId, deletedInTwilio: plan.twilioConversations.length, deletedLocalRecords },
      `All conversations deleted for org ${orgId}`,
    );
    return { ...plan, deletedLocalRecords };
  }

  /** How many of the organization's conversations `from` has now. */
  countAssignedTo(orgId: string, from: string | null): Promise<number> {
    return this.repository.countByAssignee(orgId, from);
  }

  /** Hands every conversation of `from` to `to` in one write; answers how many moved. Audited when any did. */
  async reassignAll(orgId: string, reassignment: BulkReassignment): Promise<number> {
    const actor = operatorActor('reassign-conversations');
    const moved = await this.repository.reassignAll(orgId, reassignment.from, { assignee: reassignment.to, assignedBy: actorName(actor), now: new Date() });
    if (moved > 0) await this.audit.record(orgId, actor, 'conversations.reassigned', ['assignee']);
    this.logger.log({ orgId, moved }, `Conversations reassigned in bulk for org ${orgId}`);
    return moved;
  }
}
