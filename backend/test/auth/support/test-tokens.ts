import { SUPPORT_ROLE } from '@twilio-config/shared';
import { createSigningKey, signRs256, TestSigningKey } from './signing-keys';

export const TEST_AUDIENCE = 'https://twilio-config-api';
export const ROLES_CLAIM = 'https://twilio-config/roles';
export const ORG_CLAIM = 'org_id';
/** Where the post-login Action (deploy/auth0) puts the sign-in time: Auth0 access tokens carry no auth_time. */
export const SESSION_START_CLAIM = 'https://twilio-config/auth_time';
export const SESSION_MAX_HOURS = 10;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
export const hoursAgo = (hours: number): number => nowSeconds() - Math.round(hours * 3600);

/** Claims to add or change; `undefined` removes the claim. */
export type ClaimOverrides = Record<string, unknown>;

/**
 * Mints access tokens as Auth0 issues them for this API (RS256, the issuer's key, our audience,
 * org claim, roles and session-start claims from the post-login Action, no auth_time), which each
 * test then bends in one way.
 */
export class TestTokens {
  constructor(
    readonly issuer: string,
    readonly key: TestSigningKey = createSigningKey(),
  ) {}

  claims(overrides: ClaimOverrides = {}): Record<string, unknown> {
    const now = nowSeconds();
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      sub: 'auth0|ana-support',
      aud: TEST_AUDIENCE,
      iat: now,
      exp: now + 600,
      [SESSION_START_CLAIM]: now - 60,
      scope: 'openid profile email',
      [ORG_CLAIM]: 'org_alpha',
      [ROLES_CLAIM]: [SUPPORT_ROLE],
      ...overrides,
    };
    return Object.fromEntries(Object.entries(claims).filter(([, value]) => value !== undefined));
  }

  /** A token signed by `key` (the published key unless told otherwise). */
  sign(overrides: ClaimOverrides = {}, header: Record<string, unknown> = {}, key: TestSigningKey = this.key): string {
    return signRs256({ alg: 'RS256', typ: 'JWT', kid: key.kid, ...header }, this.claims(overrides), key.privateKey);
  }
}
