import { Injectable, Logger } from '@nestjs/common';
import { JwksClient } from 'jwks-rsa';
import type { SecretOrKeyProvider } from 'passport-jwt';
import { AppConfig } from '../config/app-config';
import { InvalidAccessTokenError } from './auth-errors';
import { UnknownKidFetchBudget } from './unknown-kid-fetch-budget';

/** The only signing algorithm accepted: Auth0 signs access tokens with RS256. */
export const ACCEPTED_ALGORITHM = 'RS256';

const JWKS_TIMEOUT_MS = 5_000;
/** After a failed refresh of a stale key set, wait this long before the next background try. */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** At most this many keys are kept (Auth0 publishes two: the current and the next or previous). */
const MAX_KEYS = 20;

/** Three base64url segments, none empty: anything else is not a signed JWS in compact form. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Key ids as identity providers issue them (base64/base64url thumbprints, UUIDs …), bounded. */
const PLAUSIBLE_KID = /^[A-Za-z0-9._~+/=:-]{1,128}$/;

/**
 * The issuer's signing keys, read from its JWKS with jwks-rsa's `getSigningKeys()` and held as
 * one key set, so that tokens with made-up `kid`s cannot starve the real ones:
 * - a known `kid` is always answered from the set; once the set is older than
 *   AUTH0_JWKS_CACHE_MAX_AGE_SECONDS it is refreshed in the background, ahead of any need;
 * - while the JWKS endpoint fails, the last good set stays in use (a failed refresh never
 *   empties it; a successful one replaces it, so a key removed at the provider goes then);
 * - an unknown `kid` may cause a fetch (how a key rotated at the provider is picked up), but
 *   only within its own budget, AUTH0_JWKS_UNKNOWN_KID_FETCHES_PER_MINUTE, which refreshing
 *   the known set never draws on.
 * The JWKS address comes only from configuration: header fields that name other keys or places
 * (`jku`, `x5u`, `jwk`, `x5c`) are never read.
 */
@Injectable()
export class JwksSigningKeys {
  private readonly logger = new Logger(JwksSigningKeys.name);
  private readonly jwks: JwksClient;
  private readonly maxAgeMs: number;
  private readonly unknownKidBudget: UnknownKidFetchBudget;
  /** kid → public key (PEM). Replaced whole on every successful refresh. */
  private keys = new Map<string, string>();
  private fetchedAt: number | null = null;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  private lastRefreshFailed = false;
  private refreshing: Promise<void> | null = null;

  constructor(config: AppConfig) {
    const { jwksUrl, jwksCacheMaxAgeMs, jwksUnknownKidFetchesPerMinute } = config.auth0;
    // jwks-rsa only fetches here: caching and rate limiting are this class's, per the rules above.
    this.jwks = new JwksClient({ jwksUri: jwksUrl, cache: false, rateLimit: false, timeout: JWKS_TIMEOUT_MS });
    this.maxAgeMs = jwksCacheMaxAgeMs;
    this.unknownKidBudget = new UnknownKidFetchBudget(jwksUnknownKidFetchesPerMinute);
  }

  /** passport-jwt's key lookup: the token's header is checked before anything else. */
  readonly secretOrKeyProvider: SecretOrKeyProvider = (_request, rawJwtToken: string, done) => {
    const header = readProtectedHeader(rawJwtToken);
    if (!header) return done(new InvalidAccessTokenError('not a compact JWS with JSON object header and payload'));
    if (header.alg !== ACCEPTED_ALGORITHM) return done(new InvalidAccessTokenError('alg is not RS256'));
    const { kid } = header;
    if (typeof kid !== 'string' || !PLAUSIBLE_KID.test(kid)) return done(new InvalidAccessTokenError('kid is missing or malformed'));
    this.publicKeyFor(kid)
      .then(
        (publicKey) => done(null, publicKey),
        (error: unknown) => done(error instanceof InvalidAccessTokenError ? error : new InvalidAccessTokenError('signing key lookup failed')),
      )
      // Verification runs inside done(); should it ever throw, log it rather than crash the process.
      .catch((error: Error) => this.logger.error(`Access token verification failed unexpectedly (${error.name})`));
  };

  /** The public key (PEM) for `kid`, or an InvalidAccessTokenError saying why there is none. */
  async publicKeyFor(kid: string, now = Date.now()): Promise<string> {
    let fetched = false;
    if (this.fetchedAt === null && now - this.lastAttemptAt >= RETRY_AFTER_FAILURE_MS) {
      await this.refresh();
      fetched = true;
    }
    const known = this.keys.get(kid);
    if (known !== undefined) {
      if (this.isStale(now) && now - this.lastAttemptAt >= (this.lastRefreshFailed ? RETRY_AFTER_FAILURE_MS : 0)) void this.refresh();
      return known;
    }
    if (!fetched) {
      if (this.refreshing) await this.refreshing;
      else if (this.unknownKidBudget.take(now)) await this.refresh();
      else throw new InvalidAccessTokenError('unknown kid; JWKS refetch skipped by the rate limit');
    }
    const found = this.keys.get(kid);
    if (found !== undefined) return found;
    throw new InvalidAccessTokenError(this.lastRefreshFailed ? 'unknown kid; JWKS endpoint unavailable' : 'unknown kid');
  }

  private isStale(now: number): boolean {
    return this.fetchedAt !== null && now - this.fetchedAt >= this.maxAgeMs;
  }

  /** One fetch at a time; callers that arrive meanwhile share it. Never rejects. */
  private refresh(): Promise<void> {
    this.refreshing ??= this.fetchKeySet().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async fetchKeySet(): Promise<void> {
    this.lastAttemptAt = Date.now();
    try {
      const signingKeys = await this.jwks.getSigningKeys();
      const usable = signingKeys.filter((key) => key.alg === undefined || key.alg === ACCEPTED_ALGORITHM).slice(0, MAX_KEYS);
      if (usable.length === 0) throw Object.assign(new Error('the JWKS holds no RS256 signing key'), { name: 'JwksError' });
      this.keys = new Map(usable.map((key) => [key.kid, key.getPublicKey()]));
      this.fetchedAt = Date.now();
      this.lastRefreshFailed = false;
    } catch (error) {
      this.lastRefreshFailed = true;
      const { name, code } = error as Error & { code?: string };
      const kept = this.fetchedAt === null ? 'no signing key is known yet' : `the last good key set (${this.keys.size} keys) stays in use`;
      this.logger.warn(`JWKS refresh failed (${code ?? name}); ${kept}`);
    }
  }
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
