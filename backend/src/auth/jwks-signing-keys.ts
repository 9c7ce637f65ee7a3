import { Logger } from '@nestjs/common';
import { JwksClient } from 'jwks-rsa';
import type { SecretOrKeyProvider } from 'passport-jwt';
import { InvalidAccessTokenError } from './auth-errors';

/** The only signing algorithm accepted: Auth0 signs access tokens with RS256. */
export const ACCEPTED_ALGORITHM = 'RS256';

/**
 * At most this many JWKS fetches a minute. Known keys are served from the cache; only a `kid` we
 * have not seen causes a fetch (that is how a key rotated at the provider is picked up), so a
 * flood of made-up `kid`s costs at most this many requests to the provider.
 */
export const JWKS_REQUESTS_PER_MINUTE = 10;
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
const JWKS_CACHE_MAX_KEYS = 10;
const JWKS_TIMEOUT_MS = 5_000;

/** Three base64url segments, none empty: anything else is not a signed JWS in compact form. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Key ids as identity providers issue them (base64/base64url thumbprints, UUIDs …), bounded. */
const PLAUSIBLE_KID = /^[A-Za-z0-9._~+/=:-]{1,128}$/;

/**
 * passport-jwt's key lookup: checks the token's header before anything else, then finds the
 * key by `kid` in the issuer's JWKS (cached, rate-limited). The JWKS address comes only from
 * configuration; header fields that name other keys or places (`jku`, `x5u`, `jwk`, `x5c`) are
 * never read.
 */
export function jwksSigningKeyProvider(jwksUri: string, logger = new Logger('JwksSigningKeys')): SecretOrKeyProvider {
  const jwks = new JwksClient({
    jwksUri,
    cache: true,
    cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
    cacheMaxEntries: JWKS_CACHE_MAX_KEYS,
    rateLimit: true,
    jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
    timeout: JWKS_TIMEOUT_MS,
  });

  return (_request, rawJwtToken: string, done) => {
    const header = readProtectedHeader(rawJwtToken);
    if (!header) return done(new InvalidAccessTokenError('not a compact JWS with JSON object header and payload'));
    if (header.alg !== ACCEPTED_ALGORITHM) return done(new InvalidAccessTokenError('alg is not RS256'));
    const { kid } = header;
    if (typeof kid !== 'string' || !PLAUSIBLE_KID.test(kid)) return done(new InvalidAccessTokenError('kid is missing or malformed'));

    jwks
      .getSigningKey(kid)
      .then(
        (key) => {
          if (key.alg !== undefined && key.alg !== ACCEPTED_ALGORITHM) return done(new InvalidAccessTokenError('the key is not an RS256 key'));
          done(null, key.getPublicKey());
        },
        (error: JwksLookupError) => {
          if (error.isEndpointUnavailable) logger.warn(`JWKS endpoint unavailable (${error.code ?? error.name}); only cached signing keys are accepted`);
          done(new InvalidAccessTokenError(lookupFailureReason(error)));
        },
      )
      // Verification runs inside done(); should it ever throw, log it rather than crash the process.
      .catch((error: Error) => logger.error(`Access token verification failed unexpectedly (${error.name})`));
  };
}

/**
 * The header of a compact JWS whose header and payload are both JSON objects, or null. Checked
 * here, before any key lookup, because jsonwebtoken does not expect a payload such as `null`.
 */
function readProtectedHeader(token: string): Record<string, unknown> | null {
  if (!COMPACT_JWS.test(token)) return null;
  const [header, payload] = token.split('.').slice(0, 2).map(parseJsonObjectSegment);
  return header && payload ? header : null;
}

function parseJsonObjectSegment(segment: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** What jwks-rsa rejects with: its own errors, or the HTTP client's (marked isEndpointUnavailable). */
type JwksLookupError = Error & { isEndpointUnavailable?: boolean; code?: string };

function lookupFailureReason(error: JwksLookupError): string {
  if (error.name === 'SigningKeyNotFoundError') return 'unknown kid';
  if (error.name === 'JwksRateLimitError') return 'unknown kid; JWKS refetch skipped by the rate limit';
  if (error.isEndpointUnavailable) return 'unknown kid; JWKS endpoint unavailable';
  return `signing key lookup failed (${error.name})`;
}
