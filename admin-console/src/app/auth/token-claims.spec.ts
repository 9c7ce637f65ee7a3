import { fakeJwt } from '../../testing/fake-auth';
import { decodeJwtPayload, rolesIn, sessionStartOf, stringClaim } from './token-claims';

describe('token claims', () => {
  it('reads roles as a list, and tells a missing claim from an empty one', () => {
    expect(rolesIn({ r: ['support', 42, 'viewer'] }, 'r')).toEqual(['support', 'viewer']);
    expect(rolesIn({ r: 'support' }, 'r')).toEqual(['support']);
    expect(rolesIn({ r: [] }, 'r')).toEqual([]);
    expect(rolesIn({}, 'r')).toBeUndefined();
    expect(rolesIn(null, 'r')).toBeUndefined();
  });

  it('starts the session at auth_time, or iat where there is none', () => {
    expect(sessionStartOf({ auth_time: 100, iat: 200 })).toBe(100);
    expect(sessionStartOf({ iat: 200 })).toBe(200);
    expect(sessionStartOf({})).toBeUndefined();
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
