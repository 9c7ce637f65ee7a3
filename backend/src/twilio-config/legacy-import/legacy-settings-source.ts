import mongoose, { type Connection } from 'mongoose';
import { ApiError } from '../../common/errors/api-error';

/**
 * A TwilioSettings document of the earlier Express version, as its Mongoose model stored it
 * (docs/migration.md, "Phase 3"): the organization in `org_id`, the Auth Token in clear text.
 * Everything is `unknown`: the source is not ours, each field is checked before use.
 */
export interface LegacyTwilioSettingsDocument {
  _id: unknown;
  org_id?: unknown;
  accountSid?: unknown;
  authToken?: unknown;
  fromNumber?: unknown;
  messagingServiceSid?: unknown;
  conversationsServiceSid?: unknown;
  webhookUrl?: unknown;
  webhookEnabled?: unknown;
  webhookConfigured?: unknown;
  enabled?: unknown;
}

export const LEGACY_COLLECTION_DEFAULT = 'twiliosettings';

/** The earlier version's settings collection, read over its own connection; the only write erases clear-text tokens. */
export class LegacySettingsSource {
  private constructor(
    private readonly connection: Connection,
    private readonly collectionName: string,
  ) {}

  static async open(uri: string, collectionName: string): Promise<LegacySettingsSource> {
    try {
      const connection = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 5000 }).asPromise();
      return new LegacySettingsSource(connection, collectionName);
    } catch (error) {
      // Only the error's name: the driver's message may repeat the URI, which can hold a password.
      throw new ApiError(400, 'VALIDATION_FAILED', `Cannot read the source database ${LegacySettingsSource.describe(uri, collectionName)} (${(error as Error).name})`);
    }
  }

  /** Where it reads from, without the URI's credentials (for the report). */
  static describe(uri: string, collectionName: string): string {
    try {
      const url = new URL(uri);
      return `${url.host}${url.pathname} (collection ${collectionName})`;
    } catch {
      return `collection ${collectionName}`;
    }
  }

  async list(): Promise<LegacyTwilioSettingsDocument[]> {
    return (await this.collection().find({}).sort({ _id: 1 }).toArray()) as LegacyTwilioSettingsDocument[];
  }

  /** Removes the clear-text secrets of one document; everything else stays for the record. */
  async eraseSecrets(id: unknown): Promise<void> {
    await this.collection().updateOne({ _id: id as never }, { $unset: { authToken: '', apiKeySecret: '' } });
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private collection() {
    if (!this.connection.db) throw new Error('The source connection has no database');
    return this.connection.db.collection(this.collectionName);
  }
}
