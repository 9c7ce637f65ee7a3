import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { CurrentOrganizationTwilio } from '../twilio/current-organization-twilio';
import { TwilioConversationsAdapter, type OrgConversationsService } from '../twilio/twilio-conversations.adapter';
import { conversationUniqueName } from './conversation-names';
import { ConversationsRepository, type StoredConversation } from './conversations.repository';

type Claim =
  | { kind: 'found'; conversation: StoredConversation }
  | { kind: 'claimed'; claimId: string; uniqueName: string; inserted: boolean }
  | { kind: 'busy' };

export class ConversationNotFoundError extends ApiError {
  constructor() {
    super(404, 'NOT_FOUND', 'Your organization has no conversation with this SID.');
  }
}

/**
 * Another request (here or on another instance) is still creating this conversation and did not
 * finish while this one waited: a local wait, not Twilio's timeout.
 */
export class ConversationBusyError extends ApiError {
  constructor() {
    super(409, 'CONVERSATION_BUSY', 'The conversation with this number is still being created by another request. Try again in a moment.', {
      retryAfterSeconds: 1,
    });
  }
}

/**
 * An organization's conversations with phone numbers: one per number, in Twilio and here.
 *
 * Find-or-create is safe across requests and API instances without transactions: the caller that
 * inserts the local record (unique per organization and number) is the only one to create the
 * Twilio conversation; the others wait and read what it linked. A claim whose holder went quiet for
 * longer than its Twilio calls can take is taken over; Twilio's UniqueName then makes the new holder
 * adopt a conversation the old one created rather than make a second.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger(ConversationsService.name);
  /** A holder makes at most three Twilio calls (create or fetch, participant), each bounded by the timeout. */
  private readonly claimStaleAfterMs: number;
  private readonly waitLimitMs: number;

  constructor(
    private readonly conversations: TwilioConversationsAdapter,
    private readonly repository: ConversationsRepository,
    config: AppConfig,
    private readonly currentTwilio: CurrentOrganizationTwilio,
  ) {
    this.claimStaleAfterMs = 3 * config.twilio.timeoutMs + 5_000;
    this.waitLimitMs = this.claimStaleAfterMs + 5_000;
  }

  /** Serving a request: findOrCreate for the caller's organization (the verified token's). */
  findOrCreateForCurrentOrganization(phoneNumber: string): Promise<StoredConversation> {
    return this.findOrCreate(this.currentTwilio.orgId, phoneNumber);
  }

  /** The organization's conversation with the number, created in Twilio (with the number as an SMS participant) the first time. */
  async findOrCreate(orgId: string, phoneNumber: string): Promise<StoredConversation> {
    const twilio = await this.conversations.serviceOf(orgId);
    const fromNumber = twilio.requireFromNumber();
    const giveUpAt = Date.now() + this.waitLimitMs;
    for (;;) {
      const claim = await this.claim(orgId, phoneNumber);
      if (claim.kind === 'found') return claim.conversation;
      if (claim.kind === 'claimed') {
        const created = await this.createInTwilio(orgId, twilio, fromNumber, phoneNumber, claim);
        if (created) return created;
      }
      if (Date.now() > giveUpAt) throw new ConversationBusyError();
      await delay(25 + Math.floor(Math.random() * 50));
    }
  }

  list(orgId: string, options: { limit: number; assignee?: string }): Promise<StoredConversation[]> {
    return this.repository.list(orgId, options);
  }

  /** Hands the conversation to a support user (their token subject), or to nobody with null. */
  async reassign(orgId: string, conversationSid: string, assignee: string | null, actor: string): Promise<StoredConversation> {
    const updated = await this.repository.setAssignee(orgId, conversationSid, { assignee, assignedBy: actor, now: new Date() });
    if (!updated) throw new ConversationNotFoundError();
    this.logger.log({ orgId, conversationSid, actor }, `Conversation reassigned for org ${orgId}`);
    return updated;
  }

  /** The conversation made for the number before Twilio named the one holding it: empty, ours, deleted (best effort). */
  private async dropUnused(orgId: string, twilio: OrgConversationsService, conversationSid: string): Promise<void> {
    try {
      await twilio.deleteConversation(conversationSid);
    } catch (error) {
      this.logger.warn({ orgId, conversationSid, err: (error as Error).message }, 'Could not delete a conversation left unused by an adoption');
    }
  }

  private async claim(orgId: string, phoneNumber: string): Promise<Claim> {
    const existing = await this.repository.findByPhoneNumber(orgId, phoneNumber);
    const claimId = randomUUID();
    const now = new Date();
    if (!existing) {
      const uniqueName = conversationUniqueName(orgId, phoneNumber);
      const inserted = await this.repository.insertClaim(orgId, { phoneNumber, uniqueName, claimId, now });
      return inserted ? { kind: 'claimed', claimId, uniqueName, inserted: true } : { kind: 'busy' };
    }
    if (existing.state === 'active') return { kind: 'found', conversation: existing };
    const canTakeOver = existing.state === 'removed' || now.getTime() - existing.claimedAt.getTime() > this.claimStaleAfterMs;
    if (canTakeOver && (await this.repository.reclaim(orgId, phoneNumber, existing, { claimId, now }))) {
      return { kind: 'claimed', claimId, uniqueName: existing.uniqueName, inserted: false };
    }
    return { kind: 'busy' };
  }

  /** Null when the claim was taken over meanwhile; the caller then reads what the new holder made. */
  private async createInTwilio(
    orgId: string,
    twilio: OrgConversationsService,
    fromNumber: string,
    phoneNumber: string,
    claim: Extract<Claim, { kind: 'claimed' }>,
  ): Promise<StoredConversation | null> {
    let conversationSid: string;
    let createdButNotUsed: string | null = null;
    try {
      // An earlier holder of the claim may have created it and stopped before linking it: it is adopted.
      conversationSid = await twilio.createOrAdoptConversation(claim.uniqueName, phoneNumber);
      const participant = await twilio.addSmsParticipant(conversationSid, phoneNumber, fromNumber);
      if (participant.kind === 'bound_elsewhere') {
        // Twilio names the conversation that already talks with this number (50416): adopt it.
        createdButNotUsed = conversationSid;
        conversationSid = participant.conversationSid;
      }
    } catch (error) {
      await this.repository.releaseClaim(orgId, phoneNumber, claim.claimId, claim.inserted, new Date());
      throw error;
    }
    const origin = createdButNotUsed ? 'adopted' : 'created';
    await this.repository.recordClaim(orgId, { conversationSid, phoneNumber, origin, now: new Date() });
    const activated = await this.repository.activate(orgId, phoneNumber, claim.claimId, conversationSid, new Date());
    if (activated) this.logger.log({ orgId, conversationSid, origin }, `Conversation ${origin} for org ${orgId}`);
    if (activated && createdButNotUsed) await this.dropUnused(orgId, twilio, createdButNotUsed);
    return activated;
  }
}
