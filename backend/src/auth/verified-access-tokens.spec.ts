import { AppConfig } from '../config/app-config';
import { VerifiedAccessTokens } from './verified-access-tokens';

const config = { auth0: { orgClaim: 'org_id', rolesClaim: 'https://twilio-config/roles', sessionStartClaim: 'https://twilio-config/auth_time', sessionMaxHours: 10 } } as AppConfig;
const NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);
const nowSeconds = NOW_MS / 1000;

function payload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: 'auth0|ana', org_id: 'org_A', 'https://twilio-config/roles': ['support'], iat: nowSeconds - 60, 'https://twilio-config/auth_time': nowSeconds - 60, exp: nowSeconds + 600, ...overrides };
}

describe(VerifiedAccessTokens.name, () => {
  it('answers the caller of a token verified before', () => {
    const sut = new VerifiedAccessTokens(config);
    sut.remember('token-a', payload(), NOW_MS);
    expect(sut.userFor('token-a', NOW_MS + 1000)).toEqual({ sub: 'auth0|ana', orgId: 'org_A', roles: ['support'] });
  });

  it('knows nothing of a token it was not given, even one differing by a character', () => {
    const sut = new VerifiedAccessTokens(config);
    sut.remember('token-a', payload(), NOW_MS);
    expect(sut.userFor('token-b', NOW_MS)).toBeNull();
    expect(sut.userFor('token-a ', NOW_MS)).toBeNull();
  });

  it('forgets a token once it expires (beyond the clock skew)', () => {
    const sut = new VerifiedAccessTokens(config);
    sut.remember('token-a', payload({ exp: nowSeconds + 10 }), NOW_MS);
    expect(sut.userFor('token-a', NOW_MS + 45_000)).toBeNull();
  });

  it('refuses a remembered token once its session is older than SESSION_MAX_HOURS', () => {
    const sut = new VerifiedAccessTokens(config);
    sut.remember('token-a', payload({ auth_time: nowSeconds - 10 * 3600 + 5, exp: nowSeconds + 3600 }), NOW_MS);
    expect(sut.userFor('token-a', NOW_MS)).not.toBeNull();
    expect(sut.userFor('token-a', NOW_MS + 10_000)).toBeNull();
  });

  it('does not remember a token that has already expired', () => {
    const sut = new VerifiedAccessTokens(config);
    sut.remember('token-a', payload({ exp: nowSeconds - 60 }), NOW_MS);
    expect(sut.userFor('token-a', NOW_MS)).toBeNull();
  });
});
