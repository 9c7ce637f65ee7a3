import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { authenticatedUserFromClaims, ClaimRules, CLOCK_SKEW_SECONDS } from './access-token-claims';
import { AuthenticatedUser } from './authenticated-user';

const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * Access tokens whose signature, issuer and audience were verified, remembered until they
 * expire, so a console polling with the same token is not RS256-verified on every request. Those
 * checks depend only on the token's bytes; everything that depends on the time (expiry, session
 * age) is checked again on every use. Keys are SHA-256 digests: no token is kept in memory.
 * A signing key removed from the JWKS stops new tokens at once; tokens already seen run to their
 * `exp`, as they would with any JWKS cache.
 */
@Injectable()
export class VerifiedAccessTokens {
  private readonly payloads = new LRUCache<string, Record<string, unknown>>({ max: MAX_REMEMBERED_TOKENS });
  private readonly claimRules: ClaimRules;

  constructor(config: AppConfig) {
    const { orgClaim, rolesClaim, sessionStartClaim, sessionMaxHours } = config.auth0;
    this.claimRules = { orgClaim, rolesClaim, sessionStartClaim, sessionMaxHours };
  }

  /** After a full verification: remember the payload until `exp` (plus the clock skew allowed). */
  remember(token: string, payload: Record<string, unknown>, nowMs = Date.now()): void {
    const exp = payload.exp;
    if (typeof exp !== 'number') return;
    const ttl = (exp + CLOCK_SKEW_SECONDS) * 1000 - nowMs;
    if (ttl > 0) this.payloads.set(digest(token), payload, { ttl });
  }

  /**
   * The caller of a token verified before and still valid now, or null — then the token goes
   * through the full verification, which also gives the precise refusal.
   */
  userFor(token: string, nowMs = Date.now()): AuthenticatedUser | null {
    const payload = this.payloads.get(digest(token));
    if (!payload) return null;
    const nowSeconds = Math.floor(nowMs / 1000);
    if (typeof payload.exp !== 'number' || payload.exp + CLOCK_SKEW_SECONDS < nowSeconds) return null;
    try {
      return authenticatedUserFromClaims(payload, this.claimRules, nowSeconds);
    } catch {
      return null;
    }
  }

  /** The claim checks every token gets, verified or remembered. */
  userFromClaims(payload: unknown): AuthenticatedUser {
    return authenticatedUserFromClaims(payload, this.claimRules, Math.floor(Date.now() / 1000));
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
