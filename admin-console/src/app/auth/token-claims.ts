/** Reading the claims the console uses from an ID token's claims or an access token's payload. */
export type Claims = Readonly<Record<string, unknown>>;

/** The roles in `claim`, or undefined when the token does not carry the claim at all. */
export function rolesIn(claims: Claims | null | undefined, claim: string): string[] | undefined {
  const value = claims?.[claim];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.filter((role): role is string => typeof role === 'string');
  return typeof value === 'string' ? [value] : [];
}

export function stringClaim(claims: Claims | null | undefined, claim: string): string | undefined {
  const value = claims?.[claim];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * When the session started, in seconds since the epoch: `auth_time` where a token has it, else the
 * session-start claim the post-login Action sets (Auth0 access tokens carry no `auth_time`). The
 * API applies the same rule; `iat` never stands in, since every refresh renews it.
 */
export function sessionStartOf(claims: Claims | null | undefined, sessionStartClaim: string): number | undefined {
  for (const key of ['auth_time', sessionStartClaim]) {
    const value = claims?.[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** What keeps a signed-in user from using the console, read from the access token. */
export type SignInProblem = 'no-organization' | 'no-session-start';

/** The problem with an access token's claims, or null; undecodable (opaque) tokens are left to the API. */
export function signInProblemOf(claims: Claims | null | undefined, rules: { orgClaim: string; sessionStartClaim: string }): SignInProblem | null {
  if (!claims) return null;
  if (stringClaim(claims, rules.orgClaim) === undefined) return 'no-organization';
  if (sessionStartOf(claims, rules.sessionStartClaim) === undefined) return 'no-session-start';
  return null;
}

/**
 * The payload of a JWT, for display and role gating only: nothing is verified here, the API
 * verifies every token it receives.
 */
export function decodeJwtPayload(token: string): Claims | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof payload === 'object' && payload !== null ? (payload as Claims) : undefined;
  } catch {
    return undefined;
  }
}
