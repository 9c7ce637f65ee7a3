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
 */
@Schema({ collection: 'conversation_events', versionKey: false })
export class ConversationEventRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true }) idempotencyToken!: string;
  /** SHA-256 of what X-Twilio-Signature covers (the URL's query and the parameters), RetryCount left out. */
  @Prop({ required: true }) signedContentHash!: string;
  @Prop({ required: true }) eventType!: string;
  @Prop({ required: true }) accountSid!: string;
  @Prop({ required: true }) chatServiceSid!: string;
  @Prop({ type: String, default: null }) conversationSid!: string | null;
  @Prop({ type: String, default: null }) messageSid!: string | null;
  @Prop({ type: String, default: null }) participantSid!: string | null;
  @Prop({ type: String, default: null }) author!: string | null;
  @Prop({ type: String, default: null }) body!: string | null;
  @Prop({ type: String, default: null }) source!: string | null;
  /**
   * Every parameter as Twilio sent it, in its order, form-encoded (application/x-www-form-urlencoded):
   * one string rather than an array of pairs makes each write about 1.5× cheaper on FerretDB 1.x.
   */
  @Prop({ type: String }) encodedFields?: string;
  /** Events stored before encodedFields: the same pairs as an array. */
  @Prop({ type: [ConversationEventFieldSchema], default: undefined }) fields?: ConversationEventField[];
  @Prop({ type: Date, required: true }) receivedAt!: Date;
}

export const ConversationEventSchema = SchemaFactory.createForClass(ConversationEventRecord);
ConversationEventSchema.index({ orgId: 1, idempotencyToken: 1 }, { unique: true });
ConversationEventSchema.index({ orgId: 1, signedContentHash: 1 }, { unique: true });
ConversationEventSchema.index({ orgId: 1, receivedAt: -1 });
ConversationEventSchema.index({ orgId: 1, conversationSid: 1, receivedAt: -1 });
