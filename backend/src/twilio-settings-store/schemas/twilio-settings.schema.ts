import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { EncryptedSecret } from '../secrets/credentials-cipher';

@Schema({ _id: false })
export class EncryptedSecretField implements EncryptedSecret {
  @Prop({ required: true }) keyId!: string;
  @Prop({ required: true }) iv!: string;
  @Prop({ required: true }) ciphertext!: string;
  @Prop({ required: true }) tag!: string;
}
const EncryptedSecretSchema = SchemaFactory.createForClass(EncryptedSecretField);

@Schema({ _id: false })
export class WebhookSettings {
  @Prop({ type: String, default: null }) url!: string | null;
  /** Twilio accepted the configuration (the settings view's `webhook.enabled` is this too). */
  @Prop({ default: false }) configured!: boolean;
  @Prop({ type: String, default: null }) method!: string | null;
  @Prop({ type: [String], default: [] }) filters!: string[];
  @Prop({ type: Date, default: null }) configuredAt!: Date | null;
}
const WebhookSettingsSchema = SchemaFactory.createForClass(WebhookSettings);

/** An Auth Token rotation (docs/operations/auth-token-rotation.md); its tokens are top-level secret fields. */
@Schema({ _id: false })
export class AuthTokenRotationRecord {
  @Prop({ type: String, required: true }) state!: string;
  @Prop({ type: Date, default: null }) startedAt!: Date | null;
  @Prop({ type: Date, default: null }) promotedAt!: Date | null;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
  @Prop({ type: String, required: true }) updatedBy!: string;
}
const AuthTokenRotationSchema = SchemaFactory.createForClass(AuthTokenRotationRecord);

/** What the webhook reconciliation last found in Twilio (docs/operations/webhook-drift.md). */
@Schema({ _id: false })
export class WebhookDriftRecord {
  @Prop({ type: Date, default: null }) since!: Date | null;
  @Prop({ type: Date, required: true }) checkedAt!: Date;
  @Prop({ type: [String], default: [] }) reasons!: string[];
  @Prop({ type: String, default: null }) twilioUrl!: string | null;
  @Prop({ type: String, default: null }) twilioMethod!: string | null;
  @Prop({ type: [String], default: [] }) twilioFilters!: string[];
}
const WebhookDriftSchema = SchemaFactory.createForClass(WebhookDriftRecord);

/** One document per organization. Secrets are encrypted and never selected unless asked for. */
@Schema({ collection: 'twilio_settings', versionKey: false })
export class TwilioSettings {
  @Prop({ required: true, unique: true }) orgId!: string;
  @Prop({ required: true }) accountSid!: string;
  @Prop({ type: EncryptedSecretSchema, required: true, select: false }) authToken!: EncryptedSecretField;
  @Prop({ required: true }) fromNumber!: string;
  @Prop({ type: String, default: null }) messagingServiceSid!: string | null;
  @Prop({ type: String, default: null }) conversationsServiceSid!: string | null;
  @Prop({ type: String, default: null }) apiKeySid!: string | null;
  @Prop({ type: EncryptedSecretSchema, default: null, select: false }) apiKeySecret!: EncryptedSecretField | null;
  @Prop({ type: String, default: null }) edge!: string | null;
  @Prop({ type: String, default: null }) region!: string | null;
  @Prop({ type: WebhookSettingsSchema, default: () => ({}) }) webhook!: WebhookSettings;
  @Prop({ default: true }) enabled!: boolean;
  @Prop({ default: false }) validated!: boolean;
  @Prop({ type: Date, default: null }) validatedAt!: Date | null;
  @Prop({ type: Date, required: true }) updatedAt!: Date;
  @Prop({ required: true }) updatedBy!: string;
  /**
   * Bumped by every write of the credentials (TwilioSettingsRepository.save); a save writes only if
   * it is still the revision it read before validating with Twilio. Absent on documents written
   * before it existed, which counts as a revision of its own.
   */
  @Prop({ type: Number }) revision?: number;
  @Prop({ type: AuthTokenRotationSchema, default: undefined }) authTokenRotation?: AuthTokenRotationRecord | null;
  /** Twilio's secondary Auth Token while a rotation is started and not yet promoted. */
  @Prop({ type: EncryptedSecretSchema, default: undefined, select: false }) secondaryAuthToken?: EncryptedSecretField | null;
  /** The Auth Token a promotion replaced: still verifies webhook signatures until previousAuthTokenValidUntil. */
  @Prop({ type: EncryptedSecretSchema, default: undefined, select: false }) previousAuthToken?: EncryptedSecretField | null;
  @Prop({ type: Date, default: undefined }) previousAuthTokenValidUntil?: Date | null;
  @Prop({ type: WebhookDriftSchema, default: undefined }) webhookDrift?: WebhookDriftRecord | null;
}

export const TwilioSettingsSchema = SchemaFactory.createForClass(TwilioSettings);
// Inbound webhooks find their organization by the Twilio account that signed them.
TwilioSettingsSchema.index({ accountSid: 1 });
