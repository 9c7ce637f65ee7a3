import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config';
import { AuthenticatedUser } from './authenticated-user';
import { authenticatedUserFromClaims, ClaimRules, CLOCK_SKEW_SECONDS } from './access-token-claims';
import { ACCEPTED_ALGORITHM, jwksSigningKeyProvider } from './jwks-signing-keys';

export const JWT_STRATEGY = 'jwt';

/** `Authorization: Bearer <token>` and nothing else: no query string, no cookie, no other scheme. */
const BEARER_HEADER = /^Bearer +(\S+) *$/i;

export function bearerTokenFromHeader(request: Request): string | null {
  const header = request.headers.authorization;
  return typeof header === 'string' ? (BEARER_HEADER.exec(header)?.[1] ?? null) : null;
}

/**
 * Verifies Auth0 access tokens: RS256 signature by a key from the issuer's JWKS, `iss` equal to
 * AUTH0_ISSUER_URL (exactly, trailing slash included), `aud` containing AUTH0_AUDIENCE, `exp`
 * and `nbf`; then the claims we rely on (see authenticatedUserFromClaims).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly claimRules: ClaimRules;

  constructor(config: AppConfig) {
    const { issuerUrl, jwksUrl, audience, orgClaim, rolesClaim, sessionMaxHours } = config.auth0;
    super({
      jwtFromRequest: bearerTokenFromHeader,
      secretOrKeyProvider: jwksSigningKeyProvider(jwksUrl),
      algorithms: [ACCEPTED_ALGORITHM],
      issuer: issuerUrl,
      audience,
      jsonWebTokenOptions: { clockTolerance: CLOCK_SKEW_SECONDS },
    });
    this.claimRules = { orgClaim, rolesClaim, sessionMaxHours };
  }

  validate(payload: unknown): AuthenticatedUser {
    return authenticatedUserFromClaims(payload, this.claimRules, Math.floor(Date.now() / 1000));
  }
}
