import { SUPPORT_ROLE } from '@twilio-config/shared';
import { AuthTestApp, ROUTES, startAuthTestApp } from './support/auth-test-app';
import { expectRefusal, SESSION_EXPIRED, SUPPORT_ROLE_MISSING, UNAUTHENTICATED } from './support/expected-errors';
import { JwksTestServer } from './support/jwks-test-server';
import { createSigningKey } from './support/signing-keys';
import { hoursAgo, ORG_CLAIM, ROLES_CLAIM, SESSION_START_CLAIM, TestTokens } from './support/test-tokens';

describe('RequireRoles (RolesGuard) and CurrentUser', () => {
  const issuerKey = createSigningKey();
  let jwks: JwksTestServer;
  let tokens: TestTokens;

  beforeAll(async () => {
    jwks = await JwksTestServer.start(issuerKey);
    tokens = new TestTokens(jwks.issuer, issuerKey);
  });

  afterAll(async () => {
    await jwks?.close();
  });

  describe('with the default claim names', () => {
    let api: AuthTestApp;

    beforeAll(async () => {
      api = await startAuthTestApp(jwks.issuer);
    });

    afterAll(async () => {
      await api?.close();
    });

    describe('a controller marked @RequireRoles(SUPPORT_ROLE)', () => {
      it('answers 200 to a support token, and @CurrentUser() is exactly { sub, orgId, roles } from the token', async () => {
        const token = tokens.sign({ sub: 'auth0|bea', [ORG_CLAIM]: 'org_beta', [ROLES_CLAIM]: ['billing', SUPPORT_ROLE], email: 'bea@example.test' });
        const response = await api.get(ROUTES.supportOnly, `Bearer ${token}`);
        expect(response.status).toBe(200);
        expect(response.body).toStrictEqual({ sub: 'auth0|bea', orgId: 'org_beta', roles: ['billing', SUPPORT_ROLE] });
      });

      it('answers 403 FORBIDDEN "This needs the support role" to a valid token without the support role', async () => {
        const token = tokens.sign({ [ROLES_CLAIM]: ['billing'] });
        expectRefusal(await api.get(ROUTES.supportOnly, `Bearer ${token}`), SUPPORT_ROLE_MISSING, token);
      });

      it.each([
        ['absent', undefined],
        ['empty', []],
        ['"Support" (role names are compared exactly)', ['Support']],
        ['" support" (no trimming)', [' support']],
      ])('answers 403 when the roles claim is %s', async (_case, roles) => {
        const token = tokens.sign({ [ROLES_CLAIM]: roles });
        expectRefusal(await api.get(ROUTES.supportOnly, `Bearer ${token}`), SUPPORT_ROLE_MISSING, token);
      });

      it('authenticates before it authorises: 401 without a token, or with a broken one', async () => {
        expectRefusal(await api.get(ROUTES.supportOnly), UNAUTHENTICATED);
        const forged = tokens.sign({ [ROLES_CLAIM]: [SUPPORT_ROLE] }, {}, createSigningKey(issuerKey.kid));
        expectRefusal(await api.get(ROUTES.supportOnly, `Bearer ${forged}`), UNAUTHENTICATED, forged);
      });

      it('answers 401 SESSION_EXPIRED, not 403, to an old session without the role', async () => {
        const token = tokens.sign({ [SESSION_START_CLAIM]: hoursAgo(12), [ROLES_CLAIM]: [] });
        expectRefusal(await api.get(ROUTES.supportOnly, `Bearer ${token}`), SESSION_EXPIRED, token);
      });
    });

    describe('a route with only the global guard', () => {
      it('needs a valid token but no role', async () => {
        const token = tokens.sign({ [ROLES_CLAIM]: ['billing'] });
        const response = await api.get(ROUTES.signedIn, `Bearer ${token}`);
        expect(response.status).toBe(200);
        expect(response.body).toStrictEqual({ sub: 'auth0|ana-support', orgId: 'org_alpha', roles: ['billing'] });
        expectRefusal(await api.get(ROUTES.signedIn), UNAUTHENTICATED);
      });
    });
  });

  describe('with the org and roles claim names set by AUTH0_ORG_CLAIM and AUTH0_ROLES_CLAIM', () => {
    const orgClaim = 'https://example.test/org';
    const rolesClaim = 'https://example.test/roles';
    let api: AuthTestApp;

    beforeAll(async () => {
      api = await startAuthTestApp(jwks.issuer, { AUTH0_ORG_CLAIM: orgClaim, AUTH0_ROLES_CLAIM: rolesClaim });
    });

    afterAll(async () => {
      await api?.close();
    });

    it('reads the tenant and the roles from the configured claims', async () => {
      const token = tokens.sign({ [ORG_CLAIM]: undefined, [ROLES_CLAIM]: undefined, [orgClaim]: 'org_gamma', [rolesClaim]: [SUPPORT_ROLE] });
      const response = await api.get(ROUTES.supportOnly, `Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(response.body).toStrictEqual({ sub: 'auth0|ana-support', orgId: 'org_gamma', roles: [SUPPORT_ROLE] });
    });

    it('ignores the default claim names', async () => {
      const withoutOrg = tokens.sign({ [rolesClaim]: [SUPPORT_ROLE] });
      expectRefusal(await api.get(ROUTES.supportOnly, `Bearer ${withoutOrg}`), UNAUTHENTICATED, withoutOrg);
      const rolesUnderDefaultName = tokens.sign({ [orgClaim]: 'org_gamma' });
      expectRefusal(await api.get(ROUTES.supportOnly, `Bearer ${rolesUnderDefaultName}`), SUPPORT_ROLE_MISSING, rolesUnderDefaultName);
    });
  });
});
