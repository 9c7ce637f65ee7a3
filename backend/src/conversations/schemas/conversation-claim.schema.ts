import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** How an organization came to hold a Twilio conversation. */
export const CONVERSATION_CLAIM_ORIGINS = ['created', 'adopted'] as const;
export type ConversationClaimOrigin = (typeof CONVERSATION_CLAIM_ORIGINS)[number];

/**
 * Every Twilio conversation an organization ever linked: created by find-or-create, or adopted
 * when Twilio answered 50416 naming the conversation that holds the number's SMS binding. Kept when
 * the conversation record moves on, so the orphan clean-up never deletes a conversation some
 * organization held. One per organization and conversation: recording it again changes nothing.
 */
@Schema({ collection: 'conversation_claims', versionKey: false })
export class ConversationClaimRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true }) conversationSid!: string;
  @Prop({ required: true }) phoneNumber!: string;
  @Prop({ type: String, required: true }) origin!: ConversationClaimOrigin;
  @Prop({ type: Date, required: true }) claimedAt!: Date;
}

export const ConversationClaimSchema = SchemaFactory.createForClass(ConversationClaimRecord);
ConversationClaimSchema.index({ orgId: 1, conversationSid: 1 }, { unique: true });
// The clean-up asks across organizations whether anyone holds a conversation.
ConversationClaimSchema.index({ conversationSid: 1 });
