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
// Serves the listing's sort (since, then _id) on MongoDB; without _id it needs a blocking sort.
OptOutSchema.index({ orgId: 1, since: -1, _id: -1 });
/** Indexes of earlier versions that the one above replaces (dropped at start-up). */
export const REPLACED_OPT_OUT_INDEXES = ['orgId_1_since_-1'];
