import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** One parameter of the webhook as Twilio sent it. Kept as pairs: names such as `MessagingBinding.Address` contain dots. */
@Schema({ _id: false })
export class ConversationEventField {
  @Prop({ required: true }) name!: string;
  @Prop({ required: true }) value!: string;
}
const ConversationEventFieldSchema = SchemaFactory.createForClass(ConversationEventField);

/**
 * A verified inbound Conversations event of one organization. The unique (orgId, idempotencyToken)
 * and (orgId, signedContentHash) indexes are what accept a repeated delivery once, across every API
 * instance: Twilio's token is not signed, so a captured request replayed under new tokens is
 * recognised by what the signature covers.
 *
 * Stored lean: the keys an event is found by, and Twilio's parameters as sent (`encodedFields`); the
 * rest (EventType, MessageSid, Author, Body…) is read from those. Each named copy made a write about
 * 1.6× dearer on FerretDB 1.x (docs/architecture.md, "Conversation events"). Events stored before
 * keep their named fields, which are read as they are.
 */
@Schema({ collection: 'conversation_events', versionKey: false })
export class ConversationEventRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true }) idempotencyToken!: string;
  /** SHA-256 of what X-Twilio-Signature covers (the URL's query and the parameters), RetryCount left out. */
  @Prop({ required: true }) signedContentHash!: string;
  /** Twilio's ConversationSid, when the event has one: events are listed by conversation. */
  @Prop({ type: String }) conversationSid?: string;
  /**
   * Every parameter as Twilio sent it, in its order, form-encoded (application/x-www-form-urlencoded):
   * one string rather than an array of pairs makes each write about 1.5× cheaper on FerretDB 1.x.
   */
  @Prop({ type: String }) encodedFields?: string;
  @Prop({ type: Date, required: true }) receivedAt!: Date;

  // Events stored before the lean shape: named copies of their parameters, and the pairs as an array.
  @Prop({ type: String }) eventType?: string;
  @Prop({ type: String }) accountSid?: string;
  @Prop({ type: String }) chatServiceSid?: string;
  @Prop({ type: String }) messageSid?: string | null;
  @Prop({ type: String }) participantSid?: string | null;
  @Prop({ type: String }) author?: string | null;
  @Prop({ type: String }) body?: string | null;
  @Prop({ type: String }) source?: string | null;
  @Prop({ type: [ConversationEventFieldSchema], default: undefined }) fields?: ConversationEventField[];
}

export const ConversationEventSchema = SchemaFactory.createForClass(ConversationEventRecord);
ConversationEventSchema.index({ orgId: 1, idempotencyToken: 1 }, { unique: true });
ConversationEventSchema.index({ orgId: 1, signedContentHash: 1 }, { unique: true });
// The listings sort newest first with _id as the tie-break: only an index ending in both serves that
// sort on MongoDB (without _id, every event of the organization is read and sorted to answer 50).
ConversationEventSchema.index({ orgId: 1, receivedAt: -1, _id: -1 });
ConversationEventSchema.index({ orgId: 1, conversationSid: 1, receivedAt: -1, _id: -1 });
/** Indexes of earlier versions that the two above replace (dropped at start-up). */
export const REPLACED_CONVERSATION_EVENT_INDEXES = ['orgId_1_receivedAt_-1', 'orgId_1_conversationSid_1_receivedAt_-1'];
