import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { dropReplacedIndexes } from '../common/mongo/replaced-indexes';
import { ConversationClaimRecord, type ConversationClaimOrigin } from './schemas/conversation-claim.schema';
import { ConversationRecord, REPLACED_CONVERSATION_INDEXES, type ConversationState } from './schemas/conversation.schema';

/** A conversation as stored, as a plain object. */
export interface StoredConversation {
  id: string;
  orgId: string;
  phoneNumber: string;
  uniqueName: string;
  state: ConversationState;
  conversationSid: string | null;
  claimId: string;
  claimedAt: Date;
  assignee: string | null;
  assignedBy: string | null;
  assignedAt: Date | null;
  removedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ConversationClaim {
  phoneNumber: string;
  uniqueName: string;
  claimId: string;
  now: Date;
}

/**
 * The only code that touches the conversations collection; every method takes the organization first.
 * Claims are plain conditional writes (insert on a unique index, an update on the previous claim id),
 * which need no transaction; a write that answers the document uses findOneAndUpdate, MongoDB's one
 * round trip for it.
 */
@Injectable()
export class ConversationsRepository implements OnModuleInit {
  constructor(
    @InjectModel(ConversationRecord.name) private readonly model: Model<ConversationRecord>,
    @InjectModel(ConversationClaimRecord.name) private readonly claims: Model<ConversationClaimRecord>,
  ) {}

  async onModuleInit(): Promise<void> {
    await dropReplacedIndexes(this.model.collection, REPLACED_CONVERSATION_INDEXES);
  }

  /**
   * Records that the organization holds the Twilio conversation (created or adopted). Idempotent,
   * also when several requests or instances record it at once: the unique index keeps one.
   */
  async recordClaim(orgId: string, claim: { conversationSid: string; phoneNumber: string; origin: ConversationClaimOrigin; now: Date }): Promise<void> {
    try {
      await this.claims
        .updateOne(
          { orgId, conversationSid: claim.conversationSid },
          { $setOnInsert: { orgId, conversationSid: claim.conversationSid, phoneNumber: claim.phoneNumber, origin: claim.origin, claimedAt: claim.now } },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      // Two upserts racing: the other one inserted it, which is all that was wanted.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async listClaims(orgId: string): Promise<Array<{ conversationSid: string; phoneNumber: string; origin: ConversationClaimOrigin; claimedAt: Date }>> {
    const docs = await this.claims.find({ orgId }).sort({ claimedAt: 1 }).lean().exec();
    return docs.map(({ conversationSid, phoneNumber, origin, claimedAt }) => ({ conversationSid, phoneNumber, origin, claimedAt }));
  }

  /**
   * Of these Twilio conversations, the ones any organization's records link or ever claimed. The one
   * read across organizations, on purpose: the orphan clean-up must not delete what another holds
   * (a Conversations Service may be shared). Answers SIDs only, nothing of the other organization.
   */
  async heldByAnyOrganization(conversationSids: string[]): Promise<Set<string>> {
    if (conversationSids.length === 0) return new Set();
    const [linked, claimed] = await Promise.all([
      this.model.distinct('conversationSid', { conversationSid: { $in: conversationSids } }).exec(),
      this.claims.distinct('conversationSid', { conversationSid: { $in: conversationSids } }).exec(),
    ]);
    return new Set([...linked, ...claimed].filter((sid): sid is string => typeof sid === 'string'));
  }

  async findByPhoneNumber(orgId: string, phoneNumber: string): Promise<StoredConversation | null> {
    const doc = await this.model.findOne({ orgId, phoneNumber }).lean().exec();
    return doc ? toStored(doc) : null;
  }

  async findBySid(orgId: string, conversationSid: string): Promise<StoredConversation | null> {
    const doc = await this.model.findOne({ orgId, conversationSid }).lean().exec();
    return doc ? toStored(doc) : null;
  }

  /** Most recently changed first. */
  async list(orgId: string, options: { limit: number; assignee?: string }): Promise<StoredConversation[]> {
    const filter = { orgId, ...(options.assignee !== undefined ? { assignee: options.assignee } : {}) };
    const docs = await this.model.find(filter).sort({ updatedAt: -1, _id: -1 }).limit(options.limit).lean().exec();
    return docs.map(toStored);
  }

  /** Every record of the organization (for reconciling with Twilio). */
  async listAll(orgId: string): Promise<StoredConversation[]> {
    const docs = await this.model.find({ orgId }).lean().exec();
    return docs.map(toStored);
  }

  /** Creates the record in state `creating`; false when the organization already has one for the number. */
  async insertClaim(orgId: string, claim: ConversationClaim): Promise<boolean> {
    try {
      await this.model.create({
        orgId,
        phoneNumber: claim.phoneNumber,
        uniqueName: claim.uniqueName,
        state: 'creating',
        conversationSid: null,
        claimId: claim.claimId,
        claimedAt: claim.now,
        createdAt: claim.now,
        updatedAt: claim.now,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Takes the record over from the claim seen (`removed`, or a stale `creating`); false when someone else did first. */
  async reclaim(
    orgId: string,
    phoneNumber: string,
    seen: { state: ConversationState; claimId: string },
    claim: { claimId: string; now: Date },
  ): Promise<boolean> {
    const result = await this.model
      .updateOne(
        { orgId, phoneNumber, state: seen.state, claimId: seen.claimId },
        { $set: { state: 'creating', claimId: claim.claimId, claimedAt: claim.now, updatedAt: claim.now } },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Links the Twilio conversation; null when the claim was taken over meanwhile. */
  async activate(orgId: string, phoneNumber: string, claimId: string, conversationSid: string, now: Date): Promise<StoredConversation | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { orgId, phoneNumber, state: 'creating', claimId },
        { $set: { state: 'active', conversationSid, removedAt: null, updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    return doc ? toStored(doc) : null;
  }

  /** Gives up a claim whose Twilio calls failed: a record this claim created goes, an older one returns to `removed`. */
  async releaseClaim(orgId: string, phoneNumber: string, claimId: string, inserted: boolean, now: Date): Promise<void> {
    const filter = { orgId, phoneNumber, state: 'creating' as const, claimId };
    if (inserted) await this.model.deleteOne(filter).exec();
    else await this.model.updateOne(filter, { $set: { state: 'removed', updatedAt: now } }).exec();
  }

  /** Marks an active conversation whose Twilio conversation no longer exists; false when it was not active. */
  async markRemoved(orgId: string, conversationSid: string, now: Date): Promise<boolean> {
    const result = await this.model
      .updateOne({ orgId, conversationSid, state: 'active' }, { $set: { state: 'removed', removedAt: now, updatedAt: now } })
      .exec();
    return result.modifiedCount > 0;
  }

  countByAssignee(orgId: string, assignee: string | null): Promise<number> {
    return this.model.countDocuments({ orgId, assignee }).exec();
  }

  /** Moves every conversation of `from` to the new assignee; answers how many moved. */
  async reassignAll(orgId: string, from: string | null, assignment: BulkAssignment): Promise<number> {
    const result = await this.model
      .updateMany(
        { orgId, assignee: from },
        { $set: { assignee: assignment.assignee, assignedBy: assignment.assignedBy, assignedAt: assignment.now, updatedAt: assignment.now } },
      )
      .exec();
    return result.modifiedCount;
  }

  /** Every record of the organization; answers how many went. */
  async deleteAllOfOrganization(orgId: string): Promise<number> {
    const result = await this.model.deleteMany({ orgId }).exec();
    return result.deletedCount;
  }

  /** Null when the organization has no conversation with this SID. */
  async setAssignee(
    orgId: string,
    conversationSid: string,
    assignment: { assignee: string | null; assignedBy: string; now: Date },
  ): Promise<StoredConversation | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { orgId, conversationSid },
        {
          $set: {
            assignee: assignment.assignee,
            assignedBy: assignment.assignedBy,
            assignedAt: assignment.now,
            updatedAt: assignment.now,
          },
        },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    return doc ? toStored(doc) : null;
  }
}

/** Operator commands on all of an organization's conversations (ConversationsBulkService). */
export interface BulkAssignment {
  assignee: string | null;
  assignedBy: string;
  now: Date;
}

type LeanConversation = ConversationRecord & { _id: { toString(): string } };

function toStored(doc: LeanConversation): StoredConversation {
  return {
    id: doc._id.toString(),
    orgId: doc.orgId,
    phoneNumber: doc.phoneNumber,
    uniqueName: doc.uniqueName,
    state: doc.state,
    conversationSid: doc.conversationSid ?? null,
    claimId: doc.claimId,
    claimedAt: doc.claimedAt,
    assignee: doc.assignee ?? null,
    assignedBy: doc.assignedBy ?? null,
    assignedAt: doc.assignedAt ?? null,
    removedAt: doc.removedAt ?? null,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
  };
}
