import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { AuditAction } from '@twilio-config/shared';

/** Who changed what, when: field names only, never their values. */
@Schema({ collection: 'twilio_config_audit', versionKey: false })
export class AuditEntryRecord {
  @Prop({ required: true }) orgId!: string;
  @Prop({ type: Date, required: true }) at!: Date;
  @Prop({ required: true }) actor!: string;
  @Prop({ type: String, required: true }) action!: AuditAction;
  @Prop({ type: [String], default: [] }) fields!: string[];
}

export const AuditEntrySchema = SchemaFactory.createForClass(AuditEntryRecord);
// Serves the listing's sort (at, then _id) on MongoDB; without _id it needs a blocking sort.
AuditEntrySchema.index({ orgId: 1, at: -1, _id: -1 });
/** Indexes of earlier versions that the one above replaces (dropped at start-up). */
export const REPLACED_AUDIT_INDEXES = ['orgId_1_at_-1'];
