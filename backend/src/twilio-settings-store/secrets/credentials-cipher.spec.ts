import { randomBytes } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { CredentialsCipher, CredentialsUnreadableError, type EncryptedSecret } from './credentials-cipher';

const TOKEN = '0123456789abcdef0123456789abcdef';

function cipherWith(currentKey: Buffer, previousKey?: Buffer): CredentialsCipher {
  return new CredentialsCipher({ credentialsEncryption: { currentKey, previousKey: previousKey ?? null } } as AppConfig);
}

describe(CredentialsCipher.name, () => {
  const key = randomBytes(32);
  const sut = cipherWith(key);
  const orgA = { orgId: 'org_A', field: 'authToken' } as const;

  it('decrypts what it encrypted for the same organization and field', () => {
    expect(sut.decrypt(sut.encrypt(TOKEN, orgA), orgA)).toBe(TOKEN);
  });

  it('uses a fresh 96-bit IV for every write', () => {
    const first = sut.encrypt(TOKEN, orgA);
    const second = sut.encrypt(TOKEN, orgA);
    expect(Buffer.from(first.iv, 'base64')).toHaveLength(12);
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
  });

  it('keeps the secret out of every stored field, in clear, base64 or hex', () => {
    const stored = JSON.stringify(sut.encrypt(TOKEN, orgA));
    for (const form of [TOKEN, Buffer.from(TOKEN).toString('base64'), Buffer.from(TOKEN).toString('hex')]) {
      expect(stored).not.toContain(form);
    }
  });

  it('fails closed for a ciphertext copied into another organization', () => {
    const sealedForA = sut.encrypt(TOKEN, orgA);
    expect(() => sut.decrypt(sealedForA, { orgId: 'org_B', field: 'authToken' })).toThrow(CredentialsUnreadableError);
  });

  it('fails closed for a ciphertext moved to another field', () => {
    const sealed = sut.encrypt(TOKEN, orgA);
    expect(() => sut.decrypt(sealed, { orgId: 'org_A', field: 'apiKeySecret' })).toThrow(CredentialsUnreadableError);
  });

  it.each<[string, (secret: EncryptedSecret) => EncryptedSecret]>([
    ['ciphertext', (secret) => ({ ...secret, ciphertext: flipFirstByte(secret.ciphertext) })],
    ['tag', (secret) => ({ ...secret, tag: flipFirstByte(secret.tag) })],
    ['iv', (secret) => ({ ...secret, iv: flipFirstByte(secret.iv) })],
  ])('fails closed when the %s was tampered with', (_part, tamper) => {
    expect(() => sut.decrypt(tamper(sut.encrypt(TOKEN, orgA)), orgA)).toThrow(CredentialsUnreadableError);
  });

  it.each([4, 8, 12, 15])('refuses a tag truncated to %i bytes (the full 16 are required)', (bytes) => {
    const sealed = sut.encrypt(TOKEN, orgA);
    expect(Buffer.from(sealed.tag, 'base64')).toHaveLength(16);
    const truncated = { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, bytes).toString('base64') };
    expect(() => sut.decrypt(truncated, orgA)).toThrow(CredentialsUnreadableError);
  });

  it('says clearly what is wrong without the secret', () => {
    const error = captureError(() => sut.decrypt({ ...sut.encrypt(TOKEN, orgA), tag: flipFirstByte(sut.encrypt(TOKEN, orgA).tag) }, orgA));
    expect(error).toMatchObject({ statusCode: 500, code: 'CREDENTIALS_UNREADABLE' });
    expect(error.message).toContain('cannot be decrypted');
    expect(error.message).not.toContain(TOKEN);
  });

  describe('key rotation', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealedWithOldKey = cipherWith(oldKey).encrypt(TOKEN, orgA);

    it('reads secrets sealed with CREDENTIALS_ENCRYPTION_KEY_PREVIOUS and marks them for re-encryption', () => {
      const rotating = cipherWith(newKey, oldKey);
      expect(rotating.decrypt(sealedWithOldKey, orgA)).toBe(TOKEN);
      expect(rotating.needsReencryption(sealedWithOldKey)).toBe(true);
    });

    it('writes with the current key only', () => {
      const rotating = cipherWith(newKey, oldKey);
      const resealed = rotating.encrypt(TOKEN, orgA);
      expect(resealed.keyId).toBe(rotating.currentKeyId);
      expect(rotating.needsReencryption(resealed)).toBe(false);
      expect(() => cipherWith(oldKey).decrypt(resealed, orgA)).toThrow(CredentialsUnreadableError);
    });

    it('cannot read a secret sealed with a key it no longer has', () => {
      expect(() => cipherWith(newKey).decrypt(sealedWithOldKey, orgA)).toThrow(CredentialsUnreadableError);
    });
  });
});

function flipFirstByte(base64: string): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[0] ^= 0xff;
  return bytes.toString('base64');
}

function captureError(run: () => unknown): CredentialsUnreadableError {
  try {
    run();
  } catch (error) {
    return error as CredentialsUnreadableError;
  }
  throw new Error('expected an error');
}
