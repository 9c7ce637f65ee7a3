import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { MESSAGE_STATUSES, type MessageStatus } from '@twilio-config/shared';

/** When Twilio first reported a status of the message, and with which error code. */
@Schema({ _id: false })
export class MessageDeliveryEventRecord {
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ type: Number, default: null }) errorCode!: number | null;
}

/**
 * An outbound message of one organization and its delivery as Twilio reported it. `rank`
 * (MESSAGE_STATUS_RANK) makes "never backwards" one conditional write; `history` is keyed by status
 * (a sub-document per status, written only when absent), so a repeated callback adds nothing.
 */
@Schema({ collection: 'message_deliveries', versionKey: false })
export class MessageDeliveryRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true }) sid!: string;
  @Prop({ type: String, default: null }) to!: string | null;
  @Prop({ type: String, required: true, enum: MESSAGE_STATUSES }) status!: MessageStatus;
  @Prop({ required: true }) rank!: number;
  @Prop({ type: Number, default: null }) errorCode!: number | null;
  @Prop({ type: Date, required: true }) createdAt!: Date;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
  @Prop({ type: Object, default: {} }) history!: Partial<Record<MessageStatus, MessageDeliveryEventRecord>>;
}

export const MessageDeliverySchema = SchemaFactory.createForClass(MessageDeliveryRecord);
MessageDeliverySchema.index({ orgId: 1, sid: 1 }, { unique: true });
