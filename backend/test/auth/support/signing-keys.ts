import { createHmac, generateKeyPairSync, JsonWebKey, KeyObject, randomUUID, sign } from 'node:crypto';

/** An RS256 key pair of the test's own, as an identity provider (or an attacker) would hold it. */
export interface TestSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** The public half as the JWKS publishes it. */
  readonly publicJwk: JsonWebKey;
}

export function createSigningKey(kid = `test-key-${randomUUID()}`): TestSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey, publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A compact JWS signed with RS256, whatever the header says (so tests can lie in it). */
export function signRs256(header: Record<string, unknown>, payload: unknown, privateKey: KeyObject): string {
  return signSegments(base64UrlJson(header), base64UrlJson(payload), privateKey);
}

/** Signs two already-encoded segments (which need not hold JSON) with RSA PKCS#1 v1.5. */
export function signSegments(headerSegment: string, payloadSegment: string, privateKey: KeyObject, hash: 'sha256' | 'sha512' = 'sha256'): string {
  const signingInput = `${headerSegment}.${payloadSegment}`;
  return `${signingInput}.${sign(hash, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** A compact JWS with an HMAC-SHA256 signature, e.g. keyed with an RSA public key's PEM. */
export function signHs256(header: Record<string, unknown>, payload: unknown, secret: string | Buffer): string {
  const signingInput = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}
