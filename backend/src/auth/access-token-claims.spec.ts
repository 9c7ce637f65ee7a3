import { authenticatedUserFromClaims, CLOCK_SKEW_SECONDS } from './access-token-claims';
import { InvalidAccessTokenError, SessionExpiredError } from './auth-errors';

describe(authenticatedUserFromClaims.name, () => {
  const now = 1_800_000_000;
  const rules = { orgClaim: 'org_id', rolesClaim: 'https://twilio-config/roles', sessionMaxHours: 10 };
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: 'https://tenant.eu.auth0.com/',
    aud: 'https://twilio-config-api',
    sub: 'auth0|ana',
    iat: now - 60,
    exp: now + 600,
    auth_time: now - 3600,
    org_id: 'org_alpha',
    'https://twilio-config/roles': ['support'],
    email: 'ana@example.test',
    ...overrides,
  });
  const sut = (payload: unknown) => authenticatedUserFromClaims(payload, rules, now);

  it('returns { sub, orgId, roles } and nothing else from the token', () => {
    expect(sut(claims())).toStrictEqual({ sub: 'auth0|ana', orgId: 'org_alpha', roles: ['support'] });
  });

  it('accepts a session exactly SESSION_MAX_HOURS old and refuses it one second later', () => {
    expect(() => sut(claims({ auth_time: now - 10 * 3600 }))).not.toThrow();
    expect(() => sut(claims({ auth_time: now - 10 * 3600 - 1 }))).toThrow(SessionExpiredError);
  });

  it('measures the session from auth_time, so a freshly refreshed token (new iat) does not extend it', () => {
    expect(() => sut(claims({ auth_time: now - 11 * 3600, iat: now }))).toThrow(SessionExpiredError);
  });

  it(`tolerates auth_time up to ${CLOCK_SKEW_SECONDS} s ahead of our clock, and no further`, () => {
    expect(() => sut(claims({ auth_time: now + CLOCK_SKEW_SECONDS }))).not.toThrow();
    expect(() => sut(claims({ auth_time: now + CLOCK_SKEW_SECONDS + 1 }))).toThrow(InvalidAccessTokenError);
  });

  it.each([
    ['auth_time is NaN-like', { auth_time: Number.NaN }],
    ['auth_time is negative', { auth_time: -1 }],
    ['org claim is whitespace', { org_id: '   ' }],
    ['sub is empty', { sub: '' }],
  ])('refuses a token where %s', (_case, overrides) => {
    expect(() => sut(claims(overrides))).toThrow(InvalidAccessTokenError);
  });

  it('copies the roles, so the caller cannot change the verified payload through them', () => {
    const payload = claims();
    const user = sut(payload);
    expect(user.roles).not.toBe(payload['https://twilio-config/roles']);
  });
});
