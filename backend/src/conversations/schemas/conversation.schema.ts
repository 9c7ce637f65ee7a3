import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * `creating`: claimed by one caller, whose Twilio calls are under way; `active`: linked to a Twilio
 * conversation; `removed`: no Twilio conversation at present (deleted there, or its creation failed).
 */
export const CONVERSATION_STATES = ['creating', 'active', 'removed'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** The organization's local record of its conversation with one phone number. */
@Schema({ collection: 'conversations', versionKey: false })
export class ConversationRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true }) phoneNumber!: string;
  /** The Twilio conversation's UniqueName, so Twilio itself refuses a second one for this number. */
  @Prop({ required: true }) uniqueName!: string;
  @Prop({ type: String, required: true }) state!: ConversationState;
  @Prop({ type: String, default: null }) conversationSid!: string | null;
  /** Who may create the Twilio conversation now, and since when (a stale claim may be taken over). */
  @Prop({ required: true }) claimId!: string;
  @Prop({ type: Date, required: true }) claimedAt!: Date;
  /** The support user (token subject) in charge of the conversation. */
  @Prop({ type: String, default: null }) assignee!: string | null;
  @Prop({ type: String, default: null }) assignedBy!: string | null;
  @Prop({ type: Date, default: null }) assignedAt!: Date | null;
  @Prop({ type: Date, default: null }) removedAt!: Date | null;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
}

export const ConversationSchema = SchemaFactory.createForClass(ConversationRecord);
// One conversation per organization and number: two concurrent first messages cannot both create one.
ConversationSchema.index({ orgId: 1, phoneNumber: 1 }, { unique: true });
ConversationSchema.index({ orgId: 1, conversationSid: 1 });
// Serves the listing's sort (updatedAt, then _id) on MongoDB; without _id it needs a blocking sort.
ConversationSchema.index({ orgId: 1, updatedAt: -1, _id: -1 });
/** Indexes of earlier versions that the one above replaces (dropped at start-up). */
export const REPLACED_CONVERSATION_INDEXES = ['orgId_1_updatedAt_-1'];
