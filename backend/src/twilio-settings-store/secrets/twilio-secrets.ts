import { Injectable } from '@nestjs/common';
import { SEALED_FIELDS, type SealedField, type SealedSecrets, type StoredTwilioSecrets, type StoredTwilioSettingsWithSecrets } from '../twilio-settings.repository';
import { CredentialsCipher } from './credentials-cipher';

/** An organization's secrets in clear: in memory only, for the call that needs them. */
export interface PlainTwilioSecrets {
  authToken: string;
  apiKeySecret: string | null;
}

/**
 * The one door to tenants' secrets: the only code that decrypts them (and the one that seals them).
 * A secret that cannot be opened (wrong or rotated key, tampered data) throws CredentialsUnreadableError.
 */
@Injectable()
export class TwilioSecrets {
  constructor(private readonly cipher: CredentialsCipher) {}

  seal(orgId: string, secrets: PlainTwilioSecrets): StoredTwilioSecrets {
    return {
      authToken: this.cipher.encrypt(secrets.authToken, { orgId, field: 'authToken' }),
      apiKeySecret: secrets.apiKeySecret !== null ? this.cipher.encrypt(secrets.apiKeySecret, { orgId, field: 'apiKeySecret' }) : null,
    };
  }

  reveal(stored: StoredTwilioSettingsWithSecrets): PlainTwilioSecrets {
    return { authToken: this.revealAuthToken(stored), apiKeySecret: this.revealApiKeySecret(stored) };
  }

  /**
   * One secret alone, for callers that need no other: an unreadable API key secret must not refuse a
   * webhook signed with the Auth Token, nor stop a user replacing the one that cannot be read.
   */
  revealAuthToken(stored: Pick<StoredTwilioSettingsWithSecrets, 'orgId'> & { secrets: Pick<StoredTwilioSecrets, 'authToken'> }): string {
    return this.cipher.decrypt(stored.secrets.authToken, { orgId: stored.orgId, field: 'authToken' });
  }

  revealApiKeySecret(stored: StoredTwilioSettingsWithSecrets): string | null {
    const { apiKeySecret } = stored.secrets;
    return apiKeySecret ? this.cipher.decrypt(apiKeySecret, { orgId: stored.orgId, field: 'apiKeySecret' }) : null;
  }

  /**
   * Every secret sealed under an older key (the credentials and the rotation's tokens), sealed again
   * under the current one; null when none is.
   */
  resealStale(orgId: string, stored: SealedSecrets): { secrets: Partial<SealedSecrets>; fields: SealedField[] } | null {
    const secrets: Partial<SealedSecrets> = {};
    const fields: SealedField[] = [];
    for (const field of SEALED_FIELDS) {
      const secret = stored[field];
      if (!secret || !this.cipher.needsReencryption(secret)) continue;
      secrets[field] = this.cipher.encrypt(this.cipher.decrypt(secret, { orgId, field }), { orgId, field });
      fields.push(field);
    }
    return fields.length > 0 ? { secrets, fields } : null;
  }
}
