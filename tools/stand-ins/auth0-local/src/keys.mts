// A fresh RS256 signing key per start: nothing to keep secret in the repository, and the API
// re-reads the JWKS when it meets an unknown `kid`, as it would after an Auth0 key rotation.
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { calculateJwkThumbprint, type JWK } from 'jose';

export interface SigningKey {
  /** Private JWK for oidc-provider's `jwks` configuration. */
  privateJwk: JWK;
  publicKey: KeyObject;
  kid: string;
}

export async function generateSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const publicJwk = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(privateKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
  return { privateJwk, publicKey, kid };
}
