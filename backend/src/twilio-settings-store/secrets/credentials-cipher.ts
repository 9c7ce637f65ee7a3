import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { ApiError } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';

/** A secret at rest: AES-256-GCM, a fresh 96-bit IV per write, and the id of the key that sealed it. */
export interface EncryptedSecret {
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}

/** Which secret of which organization: bound into the ciphertext as additional authenticated data. */
export interface SecretContext {
  orgId: string;
  field: 'authToken' | 'apiKeySecret' | 'secondaryAuthToken' | 'previousAuthToken';
}

export class CredentialsUnreadableError extends ApiError {
  constructor() {
    super(
      500,
      'CREDENTIALS_UNREADABLE',
      'The stored Twilio credentials cannot be decrypted (wrong or rotated encryption key, or tampered data). Save the credentials again.',
    );
  }
}

/**
 * Encrypts tenants' Twilio secrets. The organization id is authenticated data, so a ciphertext
 * copied into another organization's document fails to decrypt; tampering fails the GCM tag.
 * CREDENTIALS_ENCRYPTION_KEY_PREVIOUS still decrypts during a rotation; writes always use the current key.
 */
@Injectable()
export class CredentialsCipher {
  private readonly currentKey: { id: string; key: Buffer };
  private readonly keysById: Map<string, Buffer>;

  constructor(config: AppConfig) {
    const { currentKey, previousKey } = config.credentialsEncryption;
    this.currentKey = { id: keyIdOf(currentKey), key: currentKey };
    this.keysById = new Map([[this.currentKey.id, currentKey]]);
    if (previousKey) this.keysById.set(keyIdOf(previousKey), previousKey);
  }

  get currentKeyId(): string {
    return this.currentKey.id;
  }

  encrypt(plaintext: string, context: SecretContext): EncryptedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.currentKey.key, iv, { authTagLength: AUTH_TAG_BYTES });
    cipher.setAAD(additionalData(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      keyId: this.currentKey.id,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  decrypt(secret: EncryptedSecret, context: SecretContext): string {
    const key = this.keysById.get(secret.keyId);
    if (!key) throw new CredentialsUnreadableError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(secret.iv, 'base64'), { authTagLength: AUTH_TAG_BYTES });
      decipher.setAAD(additionalData(context));
      decipher.setAuthTag(Buffer.from(secret.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(secret.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new CredentialsUnreadableError();
    }
  }

  /** True when the secret was sealed with an older key and should be re-encrypted. */
  needsReencryption(secret: EncryptedSecret): boolean {
    return secret.keyId !== this.currentKey.id;
  }
}

/**
 * The full 128-bit GCM tag, pinned on both sides: without it a decipher accepts any tag of 4 to 16
 * bytes, and a 4-byte tag is forged in about 2^32 tries.
 */
const AUTH_TAG_BYTES = 16;

/** A key's id: a short hash, enough to pick the key, useless to guess it. */
function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('twilio-config:key-id:').update(key).digest('hex').slice(0, 16);
}

function additionalData(context: SecretContext): Buffer {
  return Buffer.from(`twilio-settings/${context.orgId}/${context.field}`, 'utf8');
}
