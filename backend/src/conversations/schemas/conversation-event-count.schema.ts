import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * How many conversation events an organization has stored, kept beside them: counting the events
 * themselves scans the collection on FerretDB 1.x (seconds with tens of thousands), so the bound
 * on what one organization stores reads this instead. Each instance adds what it stored (every
 * second), the retention clean-up takes away what it deleted.
 */
@Schema({ collection: 'conversation_event_counts', versionKey: false })
export class ConversationEventCountRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true, default: 0 }) stored!: number;
}

export const ConversationEventCountSchema = SchemaFactory.createForClass(ConversationEventCountRecord);
ConversationEventCountSchema.index({ orgId: 1 }, { unique: true });
