import { authenticatedUserFromClaims, CLOCK_SKEW_SECONDS } from './access-token-claims';
import { InvalidAccessTokenError, SessionExpiredError, SessionStartMissingError } from './auth-errors';

describe(authenticatedUserFromClaims.name, () => {
  const now = 1_800_000_000;
  const SESSION_START = 'https://twilio-config/auth_time';
  const rules = { orgClaim: 'org_id', rolesClaim: 'https://twilio-config/roles', sessionStartClaim: SESSION_START, sessionMaxHours: 10 };
  const claims = (overrides: Record<string, unknown> = {}) => ({
    iss: 'https://tenant.eu.auth0.com/',
    aud: 'https://twilio-config-api',
    sub: 'auth0|ana',
    iat: now - 60,
    exp: now + 600,
    [SESSION_START]: now - 3600,
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
    expect(() => sut(claims({ [SESSION_START]: now - 10 * 3600 }))).not.toThrow();
    expect(() => sut(claims({ [SESSION_START]: now - 10 * 3600 - 1 }))).toThrow(SessionExpiredError);
  });

  it('measures the session from the session-start claim, so a freshly refreshed token (new iat) does not extend it', () => {
    expect(() => sut(claims({ [SESSION_START]: now - 11 * 3600, iat: now }))).toThrow(SessionExpiredError);
  });

  it('prefers auth_time where the token has one', () => {
    expect(() => sut(claims({ auth_time: now - 11 * 3600, [SESSION_START]: now - 60 }))).toThrow(SessionExpiredError);
    expect(() => sut(claims({ auth_time: now - 60, [SESSION_START]: undefined }))).not.toThrow();
  });

  it('refuses with SESSION_START_MISSING a token with neither auth_time nor the claim: iat never stands in', () => {
    expect(() => sut(claims({ [SESSION_START]: undefined, iat: now - 60 }))).toThrow(SessionStartMissingError);
    expect(() => sut(claims({ [SESSION_START]: undefined, iat: undefined }))).toThrow(SessionStartMissingError);
  });

  it('reads the claim named by the rules', () => {
    const custom = { ...rules, sessionStartClaim: 'https://example.test/signed_in' };
    expect(() => authenticatedUserFromClaims(claims(), custom, now)).toThrow(SessionStartMissingError);
    expect(() => authenticatedUserFromClaims(claims({ [SESSION_START]: undefined, 'https://example.test/signed_in': now - 60 }), custom, now)).not.toThrow();
  });

  it(`tolerates a session start up to ${CLOCK_SKEW_SECONDS} s ahead of our clock, and no further`, () => {
    expect(() => sut(claims({ [SESSION_START]: now + CLOCK_SKEW_SECONDS }))).not.toThrow();
    expect(() => sut(claims({ [SESSION_START]: now + CLOCK_SKEW_SECONDS + 1 }))).toThrow(InvalidAccessTokenError);
  });

  it.each([
    ['auth_time is NaN-like', { auth_time: Number.NaN }],
    ['auth_time is negative', { auth_time: -1 }],
    ['the session-start claim is a string', { [SESSION_START]: String(now) }],
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
