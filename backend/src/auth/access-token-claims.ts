import { AuthenticatedUser } from './authenticated-user';
import { InvalidAccessTokenError, SessionExpiredError, SessionStartMissingError } from './auth-errors';

/** How far another clock may be ahead of ours, for `exp`, `nbf`, `iat` and the session start. */
export const CLOCK_SKEW_SECONDS = 30;

export interface ClaimRules {
  readonly orgClaim: string;
  readonly rolesClaim: string;
  /** The claim the post-login Action sets to the sign-in time (AUTH0_SESSION_START_CLAIM). */
  readonly sessionStartClaim: string;
  readonly sessionMaxHours: number;
}

/**
 * Reads the caller from a token payload whose signature, `alg`, `iss`, `aud`, `exp` and `nbf`
 * have already been verified. Every claim we rely on is checked for its type here, strictly:
 * a token that is well signed but oddly shaped is refused rather than interpreted.
 */
export function authenticatedUserFromClaims(payload: unknown, rules: ClaimRules, nowSeconds: number): AuthenticatedUser {
  if (!isJsonObject(payload)) throw new InvalidAccessTokenError('payload is not a JSON object');
  const { sub, exp, iat } = payload;
  if (!isNonEmptyString(sub)) throw new InvalidAccessTokenError('sub is missing or not a string');
  if (!isNumericDate(exp)) throw new InvalidAccessTokenError('exp is missing or not a number');
  if (iat !== undefined && !isNumericDate(iat)) throw new InvalidAccessTokenError('iat is not a number');

  const orgId = payload[rules.orgClaim];
  if (!isNonEmptyString(orgId)) throw new InvalidAccessTokenError('org claim is missing or not a string');
  const roles = payload[rules.rolesClaim] ?? [];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    throw new InvalidAccessTokenError('roles claim is not an array of strings');
  }

  const signedInAt = sessionStartOf(payload, rules.sessionStartClaim);
  for (const issuedAt of [signedInAt, iat]) {
    if (typeof issuedAt === 'number' && issuedAt > nowSeconds + CLOCK_SKEW_SECONDS) {
      throw new InvalidAccessTokenError('the session start or iat is in the future');
    }
  }
  if (nowSeconds - signedInAt > rules.sessionMaxHours * 3600) throw new SessionExpiredError();

  return { sub, orgId, roles: [...roles] };
}

/**
 * When the session began: `auth_time` where the token has it, else the session-start claim (Auth0
 * access tokens never carry `auth_time`; the post-login Action in deploy/auth0 sets the claim).
 * `iat` never stands in: every refresh renews it. A value that is present but not a NumericDate
 * is refused as malformed; neither present is SESSION_START_MISSING.
 */
function sessionStartOf(payload: Record<string, unknown>, sessionStartClaim: string): number {
  for (const claim of ['auth_time', sessionStartClaim]) {
    const value = payload[claim];
    if (value === undefined) continue;
    if (!isNumericDate(value)) throw new InvalidAccessTokenError(`${claim === 'auth_time' ? 'auth_time' : 'the session-start claim'} is not a number`);
    return value;
  }
  throw new SessionStartMissingError();
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
