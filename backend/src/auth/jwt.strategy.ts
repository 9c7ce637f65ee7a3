import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { AppConfig } from '../config/app-config';
import { AuthenticatedUser } from './authenticated-user';
import { CLOCK_SKEW_SECONDS } from './access-token-claims';
import { ACCEPTED_ALGORITHM, JwksSigningKeys } from './jwks-signing-keys';
import { VerifiedAccessTokens } from './verified-access-tokens';

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
  constructor(
    config: AppConfig,
    private readonly verifiedTokens: VerifiedAccessTokens,
    signingKeys: JwksSigningKeys,
  ) {
    const { issuerUrl, audience } = config.auth0;
    super({
      passReqToCallback: true,
      jwtFromRequest: bearerTokenFromHeader,
      secretOrKeyProvider: signingKeys.secretOrKeyProvider,
      algorithms: [ACCEPTED_ALGORITHM],
      issuer: issuerUrl,
      audience,
      jsonWebTokenOptions: { clockTolerance: CLOCK_SKEW_SECONDS },
    });
  }

  /** Runs once the signature, issuer, audience and times are verified. */
  validate(request: Request, payload: unknown): AuthenticatedUser {
    const user = this.verifiedTokens.userFromClaims(payload);
    const token = bearerTokenFromHeader(request);
    if (token) this.verifiedTokens.remember(token, payload as Record<string, unknown>);
    return user;
  }
}
