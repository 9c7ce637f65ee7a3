import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { TwilioSettings } from './schemas/twilio-settings.schema';
import type { EncryptedSecret } from './secrets/credentials-cipher';

export interface StoredWebhookSettings {
  url: string | null;
  /** Twilio accepted this configuration. */
  configured: boolean;
  method: string | null;
  filters: string[];
  configuredAt: Date | null;
}

/** An organization's settings as stored, without its secrets. */
export interface StoredTwilioSettings {
  orgId: string;
  accountSid: string;
  fromNumber: string;
  messagingServiceSid: string | null;
  conversationsServiceSid: string | null;
  apiKeySid: string | null;
  edge: string | null;
  region: string | null;
  webhook: StoredWebhookSettings;
  enabled: boolean;
  validated: boolean;
  validatedAt: Date | null;
  updatedAt: Date;
  updatedBy: string;
  /** The credentials' revision as read (null on a document older than revisions): a save's precondition. */
  revision: number | null;
}

export type SecretField = 'authToken' | 'apiKeySecret';

/** Every sealed field of a settings document: the credentials and the Auth Token rotation's two tokens. */
export type SealedField = SecretField | 'secondaryAuthToken' | 'previousAuthToken';
export const SEALED_FIELDS: readonly SealedField[] = ['authToken', 'apiKeySecret', 'secondaryAuthToken', 'previousAuthToken'];

/** Each sealed field as stored (null when the document has none): what re-encryption reads and replaces. */
export type SealedSecrets = Record<SealedField, EncryptedSecret | null>;

/** The secrets as stored: sealed by the cipher; only TwilioSecrets opens them. */
export interface StoredTwilioSecrets {
  authToken: EncryptedSecret;
  apiKeySecret: EncryptedSecret | null;
}

export type StoredTwilioSettingsWithSecrets = StoredTwilioSettings & { secrets: StoredTwilioSecrets };

export type TwilioSettingsWrite = Omit<StoredTwilioSettings, 'orgId' | 'webhook' | 'enabled' | 'revision'> & {
  secrets: StoredTwilioSecrets;
  /** Kept as stored when the document exists; used when it is created. */
  enabledWhenCreated: boolean;
};

const SECRET_FIELDS = '+authToken +apiKeySecret';

/**
 * The only code that touches the twilio_settings collection. Every method takes the organization
 * first, so a query across tenants cannot be written by accident — except the webhook lookup by
 * Twilio account, which is how an inbound request finds its tenant in the first place.
 * Writes avoid findOneAndUpdate: Mongoose adds a projection for `select: false` fields there,
 * which FerretDB 1.x does not implement.
 */
@Injectable()
export class TwilioSettingsRepository {
  constructor(@InjectModel(TwilioSettings.name) private readonly model: Model<TwilioSettings>) {}

  async findByOrg(orgId: string): Promise<StoredTwilioSettings | null> {
    const doc = await this.model.findOne({ orgId }).lean().exec();
    return doc ? toStored(doc) : null;
  }

  async findWithSecretsByOrg(orgId: string): Promise<StoredTwilioSettingsWithSecrets | null> {
    const doc = await this.model.findOne({ orgId }).select(SECRET_FIELDS).lean().exec();
    return doc ? toStoredWithSecrets(doc) : null;
  }

  /** Organizations whose settings use this Twilio account (usually one). */
  async findWithSecretsByAccountSid(accountSid: string): Promise<StoredTwilioSettingsWithSecrets[]> {
    const docs = await this.model.find({ accountSid }).select(SECRET_FIELDS).limit(50).lean().exec();
    return docs.map(toStoredWithSecrets);
  }

  /**
   * Writes the settings only if they are still as the caller read them: `readRevision` is the
   * revision read (`null` for a document without one), or `'none'` when there was no document.
   * Answers null, writing nothing, when they changed meanwhile (deleted, saved, created by
   * another request): a save validated against Twilio for seconds must not undo a DELETE.
   */
  async save(orgId: string, write: TwilioSettingsWrite, readRevision: number | null | 'none'): Promise<StoredTwilioSettings | null> {
    const { secrets, enabledWhenCreated, ...fields } = write;
    const values = { ...fields, authToken: secrets.authToken, apiKeySecret: secrets.apiKeySecret };
    if (readRevision === 'none') {
      const result = await this.model
        .updateOne({ orgId }, { $setOnInsert: { ...values, orgId, enabled: enabledWhenCreated, webhook: emptyWebhook(), revision: 1 } }, { upsert: true })
        .exec();
      if (result.upsertedCount !== 1) return null;
    } else {
      const result = await this.model.updateOne({ orgId, revision: readRevision }, { $set: values, $inc: { revision: 1 } }).exec();
      if (result.matchedCount !== 1) return null;
    }
    return this.findByOrg(orgId);
  }

  /** Returns false when the organization has no settings. `updatedBy` is the actor's name (audit/actor.ts). */
  async setEnabled(orgId: string, enabled: boolean, updatedBy: string, now: Date): Promise<boolean> {
    const result = await this.model.updateOne({ orgId }, { $set: { enabled, updatedBy, updatedAt: now } }).exec();
    return result.matchedCount > 0;
  }

  async setWebhook(orgId: string, webhook: StoredWebhookSettings, updatedBy: string, now: Date): Promise<boolean> {
    const result = await this.model.updateOne({ orgId }, { $set: { webhook, updatedBy, updatedAt: now } }).exec();
    return result.matchedCount > 0;
  }

  /** Every sealed field of the organization's document, for re-encryption; null when it has none. */
  async findSealedSecrets(orgId: string): Promise<SealedSecrets | null> {
    const doc = await this.model.findOne({ orgId }).select(SEALED_FIELDS.map((field) => `+${field}`).join(' ')).lean().exec();
    if (!doc) return null;
    const sealed = (secret: EncryptedSecret | null | undefined) => (secret ? plainSecret(secret) : null);
    return {
      authToken: sealed(doc.authToken),
      apiKeySecret: sealed(doc.apiKeySecret),
      secondaryAuthToken: sealed(doc.secondaryAuthToken),
      previousAuthToken: sealed(doc.previousAuthToken),
    };
  }

  /**
   * Replaces sealed fields only where every ciphertext is still the one read (`read`): re-encryption
   * must never put an older token back over one saved, promoted or cancelled meanwhile. Bumps the
   * `revision` like every write of a token (a save in flight then answers 409 SETTINGS_CHANGED
   * instead of writing over it). Returns false when something changed.
   */
  async replaceSealedSecrets(orgId: string, resealed: Partial<SealedSecrets>, read: SealedSecrets): Promise<boolean> {
    const unchanged: Record<string, string> = {};
    for (const field of SEALED_FIELDS) {
      const secret = read[field];
      if (!secret) continue;
      unchanged[`${field}.iv`] = secret.iv;
      unchanged[`${field}.ciphertext`] = secret.ciphertext;
    }
    const result = await this.model.updateOne({ orgId, ...unchanged }, { $set: resealed, $inc: { revision: 1 } }).exec();
    return result.matchedCount === 1;
  }

  /** Returns false when there was nothing to delete. */
  async deleteByOrg(orgId: string): Promise<boolean> {
    const result = await this.model.deleteOne({ orgId }).exec();
    return result.deletedCount > 0;
  }

  /** Every organization's id, for operator commands (re-encryption) and fleet-wide health. */
  async listOrgIds(): Promise<string[]> {
    const docs = await this.model.find({}, { orgId: 1 }).sort({ orgId: 1 }).lean().exec();
    return docs.map((doc) => doc.orgId);
  }
}

function emptyWebhook(): StoredWebhookSettings {
  return { url: null, configured: false, method: null, filters: [], configuredAt: null };
}

type LeanSettings = TwilioSettings & { _id?: unknown };

function toStored(doc: LeanSettings): StoredTwilioSettings {
  return {
    orgId: doc.orgId,
    accountSid: doc.accountSid,
    fromNumber: doc.fromNumber,
    messagingServiceSid: doc.messagingServiceSid ?? null,
    conversationsServiceSid: doc.conversationsServiceSid ?? null,
    apiKeySid: doc.apiKeySid ?? null,
    edge: doc.edge ?? null,
    region: doc.region ?? null,
    webhook: toStoredWebhook(doc.webhook),
    enabled: doc.enabled,
    validated: doc.validated ?? false,
    validatedAt: doc.validatedAt ?? null,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
    revision: doc.revision ?? null,
  };
}

function toStoredWebhook(webhook: Partial<StoredWebhookSettings> | undefined): StoredWebhookSettings {
  if (!webhook) return emptyWebhook();
  return {
    url: webhook.url ?? null,
    configured: webhook.configured ?? false,
    method: webhook.method ?? null,
    filters: [...(webhook.filters ?? [])],
    configuredAt: webhook.configuredAt ?? null,
  };
}

function toStoredWithSecrets(doc: LeanSettings): StoredTwilioSettingsWithSecrets {
  return {
    ...toStored(doc),
    secrets: { authToken: plainSecret(doc.authToken), apiKeySecret: doc.apiKeySecret ? plainSecret(doc.apiKeySecret) : null },
  };
}

function plainSecret(secret: EncryptedSecret): EncryptedSecret {
  return { keyId: secret.keyId, iv: secret.iv, ciphertext: secret.ciphertext, tag: secret.tag };
}
