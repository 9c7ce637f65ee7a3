import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MongoBulkWriteError } from 'mongodb';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/errors/mongo-errors';
import { dropReplacedIndexes } from '../common/mongo/replaced-indexes';
import { ConversationEventCountRecord } from './schemas/conversation-event-count.schema';
import { ConversationEventRecord, REPLACED_CONVERSATION_EVENT_INDEXES } from './schemas/conversation-event.schema';

/** A verified inbound event as stored, as a plain object. */
export interface StoredConversationEvent {
  id: string;
  orgId: string;
  idempotencyToken: string;
  /** SHA-256 of what the signature covers, RetryCount left out: a replay under a new token has the same. */
  signedContentHash: string;
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

/** What is written: the keys a delivery is recognised by, and Twilio's parameters, from which the rest is read. */
export type ConversationEventWrite = Pick<StoredConversationEvent, 'idempotencyToken' | 'signedContentHash' | 'fields' | 'receivedAt'>;

/** What became of one event of a batch: stored, already stored (a unique index refused it), or a failure. */
export type BatchInsertOutcome = 'stored' | 'duplicate' | Error;

/** Legacy events (stored before signedContentHash existed) are given one this many at a time. */
const BACKFILL_BATCH = 500;

/** The only code that touches the conversation_events collection; every query takes the organization first. */
@Injectable()
export class ConversationEventsRepository implements OnModuleInit {
  constructor(
    @InjectModel(ConversationEventRecord.name) private readonly model: Model<ConversationEventRecord>,
    @InjectModel(ConversationEventCountRecord.name) private readonly counts: Model<ConversationEventCountRecord>,
  ) {}

  async onModuleInit(): Promise<void> {
    await dropReplacedIndexes(this.model.collection, REPLACED_CONVERSATION_EVENT_INDEXES);
  }

  /**
   * Stores several organizations' events in one `insertMany({ ordered: false })` (each event names
   * its organization): one round trip and one commit for the lot, on MongoDB and FerretDB alike (no
   * transaction). Answers each event's outcome, in order; a duplicate refuses only itself.
   */
  async insertBatch(events: ReadonlyArray<ConversationEventWrite & { orgId: string }>): Promise<BatchInsertOutcome[]> {
    const outcomes: BatchInsertOutcome[] = events.map(() => 'stored');
    if (events.length === 0) return outcomes;
    try {
      // The driver's insertMany, not Mongoose's: its MongoBulkWriteError names each refused document's index.
      await this.model.collection.insertMany(events.map(toRecord), { ordered: false });
      return outcomes;
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) return outcomes.map(() => asError(error));
      const writeErrors = [error.writeErrors].flat();
      if (writeErrors.length === 0) return outcomes.map(() => asError(error));
      for (const writeError of writeErrors) {
        outcomes[writeError.index] = isDuplicateKeyError(writeError) ? 'duplicate' : new Error(writeError.errmsg ?? 'insert failed');
      }
      return outcomes;
    }
  }

  /** How many events the organization has stored, as conversation_event_counts says (never a scan of the events). */
  async readStoredCount(orgId: string): Promise<number> {
    const count = await this.counts.findOne({ orgId }).lean().exec();
    return count?.stored ?? 0;
  }

  /** Adds each organization's change to its stored count (negative for deletions), in one bulk write. */
  async addToStoredCounts(changes: ReadonlyMap<string, number>): Promise<void> {
    const updates = [...changes].filter(([, change]) => change !== 0);
    if (updates.length === 0) return;
    await this.counts.bulkWrite(
      updates.map(([orgId, change]) => ({ updateOne: { filter: { orgId }, update: { $inc: { stored: change } }, upsert: true } })),
      { ordered: false },
    );
  }

  /**
   * Gives each event stored before signedContentHash existed a value of its own (derived from its
   * unique idempotency token), then builds the indexes: a unique index cannot be built while several
   * documents lack the field. Idempotent; every instance may run it at start.
   */
  async backfillSignedContentHashes(): Promise<number> {
    let updated = 0;
    for (;;) {
      const legacy = await this.model
        .find({ signedContentHash: { $exists: false } }, { orgId: 1, idempotencyToken: 1 })
        .limit(BACKFILL_BATCH)
        .lean()
        .exec();
      if (legacy.length === 0) break;
      const perOrganization = new Map<string, number>();
      for (const doc of legacy) perOrganization.set(doc.orgId, (perOrganization.get(doc.orgId) ?? 0) + 1);
      await this.model.bulkWrite(
        legacy.map((doc) => ({
          updateOne: {
            filter: { _id: doc._id, orgId: doc.orgId, signedContentHash: { $exists: false } },
            update: { $set: { signedContentHash: `legacy:${doc.idempotencyToken}` } },
          },
        })),
        { ordered: false },
      );
      // They were stored before the counts existed: counted now (a run cut short here counts them again: the bound errs safe).
      await this.addToStoredCounts(perOrganization);
      updated += legacy.length;
    }
    await this.model.createIndexes();
    return updated;
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

/** The lean document (schemas/conversation-event.schema.ts): the keys, and the parameters in one string. */
function toRecord({ orgId, idempotencyToken, signedContentHash, fields, receivedAt }: ConversationEventWrite & { orgId: string }): ConversationEventRecord {
  const conversationSid = fields.find((field) => field.name === 'ConversationSid')?.value;
  return {
    orgId,
    idempotencyToken,
    signedContentHash,
    ...(conversationSid !== undefined ? { conversationSid } : {}),
    encodedFields: encodeFields(fields),
    receivedAt,
  };
}

/** The named fields are read from the parameters; events stored before the lean shape carry them themselves. */
function toStored(doc: LeanEvent): StoredConversationEvent {
  const fields = doc.encodedFields !== undefined ? decodeFields(doc.encodedFields) : (doc.fields ?? []).map(({ name, value }) => ({ name, value }));
  const parameter = (name: string): string | null => fields.find((field) => field.name === name)?.value ?? null;
  return {
    id: doc._id.toString(),
    orgId: doc.orgId,
    idempotencyToken: doc.idempotencyToken,
    signedContentHash: doc.signedContentHash,
    eventType: doc.eventType ?? parameter('EventType') ?? 'unknown',
    accountSid: doc.accountSid ?? parameter('AccountSid') ?? '',
    chatServiceSid: doc.chatServiceSid ?? parameter('ChatServiceSid') ?? '',
    conversationSid: doc.conversationSid ?? parameter('ConversationSid'),
    messageSid: doc.messageSid ?? parameter('MessageSid'),
    participantSid: doc.participantSid ?? parameter('ParticipantSid'),
    author: doc.author ?? parameter('Author'),
    body: doc.body ?? parameter('Body'),
    source: doc.source ?? parameter('Source'),
    fields,
    receivedAt: doc.receivedAt,
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function encodeFields(fields: { name: string; value: string }[]): string {
  return new URLSearchParams(fields.map(({ name, value }): [string, string] => [name, value])).toString();
}

function decodeFields(encoded: string): { name: string; value: string }[] {
  return [...new URLSearchParams(encoded)].map(([name, value]) => ({ name, value }));
}
