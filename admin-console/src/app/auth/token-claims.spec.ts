import { fakeJwt } from '../../testing/fake-auth';
import { decodeJwtPayload, rolesIn, sessionStartOf, signInProblemOf, stringClaim } from './token-claims';

describe('token claims', () => {
  it('reads roles as a list, and tells a missing claim from an empty one', () => {
    expect(rolesIn({ r: ['support', 42, 'viewer'] }, 'r')).toEqual(['support', 'viewer']);
    expect(rolesIn({ r: 'support' }, 'r')).toEqual(['support']);
    expect(rolesIn({ r: [] }, 'r')).toEqual([]);
    expect(rolesIn({}, 'r')).toBeUndefined();
    expect(rolesIn(null, 'r')).toBeUndefined();
  });

  it('starts the session at auth_time, else at the session-start claim; never at iat', () => {
    const claim = 'https://twilio-config/auth_time';
    expect(sessionStartOf({ auth_time: 100, [claim]: 150, iat: 200 }, claim)).toBe(100);
    expect(sessionStartOf({ [claim]: 150, iat: 200 }, claim)).toBe(150);
    expect(sessionStartOf({ iat: 200 }, claim)).toBeUndefined();
    expect(sessionStartOf({}, claim)).toBeUndefined();
  });

  it('names what keeps a signed-in user out: no organization first, then no session start', () => {
    const rules = { orgClaim: 'org_id', sessionStartClaim: 'https://twilio-config/auth_time' };
    expect(signInProblemOf({ org_id: 'org_A', 'https://twilio-config/auth_time': 1 }, rules)).toBeNull();
    expect(signInProblemOf({ 'https://twilio-config/auth_time': 1 }, rules)).toBe('no-organization');
    expect(signInProblemOf({ org_id: '', 'https://twilio-config/auth_time': 1 }, rules)).toBe('no-organization');
    expect(signInProblemOf({ org_id: 'org_A', iat: 1 }, rules)).toBe('no-session-start');
    expect(signInProblemOf(undefined, rules)).toBeNull();
  });

  it('decodes a JWT payload, including base64url characters and UTF-8', () => {
    const token = fakeJwt({ name: 'Ana Súpport ✓', roles: ['support'], pad: '??>>' });
    expect(decodeJwtPayload(token)).toMatchObject({ name: 'Ana Súpport ✓', roles: ['support'] });
  });

  it('answers undefined for something that is not a JWT', () => {
    expect(decodeJwtPayload('opaque-token')).toBeUndefined();
    expect(decodeJwtPayload('a.%%%.c')).toBeUndefined();
  });

  it('ignores empty and non-string claims', () => {
    expect(stringClaim({ a: '' }, 'a')).toBeUndefined();
    expect(stringClaim({ a: 1 }, 'a')).toBeUndefined();
    expect(stringClaim({ a: 'x' }, 'a')).toBe('x');
  });
});
