import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { OPT_OUT_SOURCES, type OptOutSource } from '@twilio-config/shared';

/** A number that asked one organization to stop texting it (unique per organization). */
@Schema({ collection: 'sms_opt_outs', versionKey: false })
export class OptOutRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ required: true }) phoneNumber!: string;
  @Prop({ type: Date, required: true }) since!: Date;
  @Prop({ type: String, required: true, enum: OPT_OUT_SOURCES }) source!: OptOutSource;
}

export const OptOutSchema = SchemaFactory.createForClass(OptOutRecord);
OptOutSchema.index({ orgId: 1, phoneNumber: 1 }, { unique: true });
OptOutSchema.index({ orgId: 1, since: -1 });
