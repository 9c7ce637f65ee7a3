import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { ConversationEventRecord } from './schemas/conversation-event.schema';

/** A verified inbound event as stored, as a plain object. */
export interface StoredConversationEvent {
  id: string;
  orgId: string;
  idempotencyToken: string;
  eventType: string;
  accountSid: string;
  chatServiceSid: string;
  conversationSid: string | null;
  messageSid: string | null;
  participantSid: string | null;
  author: string | null;
  body: string | null;
  source: string | null;
  /** Every parameter as Twilio sent it, in its order. */
  fields: { name: string; value: string }[];
  receivedAt: Date;
}

export type ConversationEventWrite = Omit<StoredConversationEvent, 'id' | 'orgId'>;

/** The only code that touches the conversation_events collection; every query takes the organization first. */
@Injectable()
export class ConversationEventsRepository {
  constructor(@InjectModel(ConversationEventRecord.name) private readonly model: Model<ConversationEventRecord>) {}

  /** Stores the event; false when this organization already has one with the same idempotency token. */
  async insertOnce(orgId: string, event: ConversationEventWrite): Promise<boolean> {
    try {
      await this.model.create({ orgId, ...event });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Newest first. */
  async listLatest(orgId: string, options: { limit: number; conversationSid?: string }): Promise<StoredConversationEvent[]> {
    const filter = { orgId, ...(options.conversationSid !== undefined ? { conversationSid: options.conversationSid } : {}) };
    const docs = await this.model.find(filter).sort({ receivedAt: -1, _id: -1 }).limit(options.limit).lean().exec();
    return docs.map(toStored);
  }

  /** Returns how many were deleted. */
  async deleteReceivedBefore(orgId: string, cutoff: Date): Promise<number> {
    const result = await this.model.deleteMany({ orgId, receivedAt: { $lt: cutoff } }).exec();
    return result.deletedCount;
  }

  /** Organizations that have events: the one cross-tenant read, for the retention clean-up. */
  async listOrgIds(): Promise<string[]> {
    const orgIds = await this.model.distinct('orgId').exec();
    return orgIds.map(String).sort();
  }
}

type LeanEvent = ConversationEventRecord & { _id: { toString(): string } };

function toStored(doc: LeanEvent): StoredConversationEvent {
  return {
    id: doc._id.toString(),
    orgId: doc.orgId,
    idempotencyToken: doc.idempotencyToken,
    eventType: doc.eventType,
    accountSid: doc.accountSid,
    chatServiceSid: doc.chatServiceSid,
    conversationSid: doc.conversationSid ?? null,
    messageSid: doc.messageSid ?? null,
    participantSid: doc.participantSid ?? null,
    author: doc.author ?? null,
    body: doc.body ?? null,
    source: doc.source ?? null,
    fields: (doc.fields ?? []).map(({ name, value }) => ({ name, value })),
    receivedAt: doc.receivedAt,
  };
}
