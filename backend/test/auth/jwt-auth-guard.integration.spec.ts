import type { ApiErrorBody } from '@twilio-config/shared';
import { AuthTestApp, ROUTES, startAuthTestApp } from './support/auth-test-app';
import { CapturedLogOutput } from './support/captured-log-output';
import { expectRefusal, SESSION_EXPIRED, SESSION_START_MISSING, UNAUTHENTICATED } from './support/expected-errors';
import { JwksTestServer } from './support/jwks-test-server';
import { base64UrlJson, createSigningKey, signHs256, signRs256, signSegments } from './support/signing-keys';
import { hoursAgo, nowSeconds, ORG_CLAIM, ROLES_CLAIM, SESSION_START_CLAIM, TEST_AUDIENCE, TestTokens } from './support/test-tokens';

describe('JwtAuthGuard (global guard, real AppModule, RS256 tokens and a JWKS over HTTP)', () => {
  const issuerKey = createSigningKey();
  const attackerKey = createSigningKey();
  const logOutput = new CapturedLogOutput();
  /** Every credential sent, to prove afterwards that none reached a log line. */
  const credentialsSent = new Set<string>();
  let jwks: JwksTestServer;
  let attackerJwks: JwksTestServer;
  let tokens: TestTokens;
  let api: AuthTestApp;

  beforeAll(async () => {
    jwks = await JwksTestServer.start(issuerKey);
    attackerJwks = await JwksTestServer.start(attackerKey);
    tokens = new TestTokens(jwks.issuer, issuerKey);
    logOutput.start();
    api = await startAuthTestApp(jwks.issuer, { LOG_LEVEL: 'debug' });
  });

  afterAll(async () => {
    await api?.close();
    logOutput.stop();
    await jwks?.close();
    await attackerJwks?.close();
  });

  /** What an Authorization header carries besides its scheme (the whole of it when it has none). */
  function credentialIn(authorization: string | undefined): string | undefined {
    const parts = authorization?.trim().split(/\s+/) ?? [];
    const credential = parts.length > 1 ? parts.slice(1).join(' ') : parts[0];
    return credential && !/^bearer$/i.test(credential) ? credential : undefined;
  }

  async function call(authorization: string | undefined, path: string = ROUTES.signedIn) {
    const credential = credentialIn(authorization);
    if (credential) credentialsSent.add(credential);
    return api.get(path, authorization);
  }

  async function expectRefused(authorization: string | undefined, expected: ApiErrorBody = UNAUTHENTICATED, path: string = ROUTES.signedIn) {
    const response = await call(authorization, path);
    expectRefusal(response, expected, credentialIn(authorization));
    return response;
  }

  const bearer = (token: string) => `Bearer ${token}`;
  const segmentsOf = (token: string) => token.split('.') as [string, string, string];

  describe('without a usable bearer token', () => {
    it('answers 401 UNAUTHENTICATED, with WWW-Authenticate: Bearer, when there is no Authorization header', async () => {
      const response = await expectRefused(undefined);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it.each(['Bearer', 'Bearer ', 'Bearer    ', 'bearer'])('answers 401 for %j with no token after it', async (authorization) => {
      await expectRefused(authorization);
    });

    it('answers 401 for another scheme, or a valid token sent without "Bearer"', async () => {
      const valid = tokens.sign();
      await expectRefused('Basic dXNlcjpwYXNzd29yZA==');
      await expectRefused(`Token ${valid}`);
      await expectRefused(valid);
    });
  });

  describe('malformed tokens', () => {
    it.each([
      ['one segment', () => 'not-a-jwt-at-all'],
      ['two segments', () => segmentsOf(tokens.sign()).slice(0, 2).join('.')],
      ['four segments', () => `${tokens.sign()}.c2lnbmF0dXJl`],
      ['an empty signature', () => `${segmentsOf(tokens.sign()).slice(0, 2).join('.')}.`],
      ['bad base64 in the header', () => `%%%${tokens.sign().slice(3)}`],
      ['standard base64 with padding', () => `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: issuerKey.kid })).toString('base64')}==.e30.c2ln`],
      ['a header that is not JSON', () => `${Buffer.from('{"alg":"RS256",').toString('base64url')}.${segmentsOf(tokens.sign())[1]}.${segmentsOf(tokens.sign())[2]}`],
    ])('answers 401 for a token with %s', async (_case, token) => {
      await expectRefused(bearer(token()));
    });

    it.each([['a string', 'RS256'], ['an array', ['RS256']], ['null', null], ['a number', 42]])(
      'answers 401 when the header is JSON but %s, not an object',
      async (_case, header) => {
        const [, payload, signature] = segmentsOf(tokens.sign());
        await expectRefused(bearer(`${base64UrlJson(header)}.${payload}.${signature}`));
      },
    );

    it.each([
      ['not JSON', Buffer.from('sub=someone').toString('base64url')],
      ['a JSON string', base64UrlJson('hello')],
      ['a JSON array', base64UrlJson([{ sub: 'auth0|ana-support', org_id: 'org_alpha' }])],
      ['JSON null', base64UrlJson(null)],
      ['a JSON number', base64UrlJson(1_700_000_000)],
    ])('answers 401 when the payload is %s, even correctly signed by the issuer key', async (_case, payloadSegment) => {
      const header = base64UrlJson({ alg: 'RS256', typ: 'JWT', kid: issuerKey.kid });
      await expectRefused(bearer(signSegments(header, payloadSegment, issuerKey.privateKey)));
    });
  });

  describe('signature and algorithm (RS256 only)', () => {
    it.each(['none', 'None', 'NONE', 'nOnE'])('answers 401 for alg %j with an empty signature, or with a copied one', async (alg) => {
      const [, payload, signature] = segmentsOf(tokens.sign());
      const header = base64UrlJson({ alg, typ: 'JWT', kid: issuerKey.kid });
      await expectRefused(bearer(`${header}.${payload}.`));
      await expectRefused(bearer(`${header}.${payload}.${signature}`));
    });

    it.each([
      ['SPKI PEM', () => issuerKey.publicKey.export({ format: 'pem', type: 'spki' })],
      ['PKCS#1 PEM', () => issuerKey.publicKey.export({ format: 'pem', type: 'pkcs1' })],
      ['JWK JSON', () => JSON.stringify(issuerKey.publicJwk)],
    ])('answers 401 for HS256 keyed with the issuer public key (%s) as the HMAC secret', async (_case, secret) => {
      await expectRefused(bearer(signHs256({ alg: 'HS256', typ: 'JWT', kid: issuerKey.kid }, tokens.claims(), secret())));
    });

    it('answers 401 for another RSA algorithm (RS512) even when signed by the issuer key', async () => {
      const header = base64UrlJson({ alg: 'RS512', typ: 'JWT', kid: issuerKey.kid });
      await expectRefused(bearer(signSegments(header, base64UrlJson(tokens.claims()), issuerKey.privateKey, 'sha512')));
    });

    it('answers 401 for a known kid signed by another key', async () => {
      await expectRefused(bearer(tokens.sign({}, { kid: issuerKey.kid }, attackerKey)));
    });

    it('answers 401 when the payload was changed after signing', async () => {
      const [header, , signature] = segmentsOf(tokens.sign());
      const otherOrg = base64UrlJson(tokens.claims({ [ORG_CLAIM]: 'org_someone_else' }));
      await expectRefused(bearer(`${header}.${otherOrg}.${signature}`));
    });
  });

  describe('kid', () => {
    it('answers 401 for a kid the JWKS does not have', async () => {
      await expectRefused(bearer(tokens.sign({}, {}, createSigningKey('kid-nobody-published'))));
    });

    it.each([
      ['a number', 42],
      ['an object', { kid: issuerKey.kid }],
      ['null', null],
      ['an empty string', ''],
      ['very long (4,096 characters)', 'k'.repeat(4096)],
      ['absent', undefined],
    ])('answers 401, without fetching the JWKS, when kid is %s', async (_case, kid) => {
      const fetchesBefore = jwks.requestCount;
      await expectRefused(bearer(signRs256({ alg: 'RS256', typ: 'JWT', kid }, tokens.claims(), issuerKey.privateKey)));
      expect(jwks.requestCount).toBe(fetchesBefore);
    });

    it.each(['../../../../etc/passwd', '/dev/null', 'file:///etc/passwd'])('answers 401 for the path-like kid %j', async (kid) => {
      await expectRefused(bearer(signRs256({ alg: 'RS256', typ: 'JWT', kid }, tokens.claims(), issuerKey.privateKey)));
    });
  });

  describe('header fields that point at other keys are ignored', () => {
    it.each(['jku', 'x5u'])('answers 401 for a token whose %s points at another JWKS, which is never fetched', async (field) => {
      const elsewhere = `${attackerJwks.origin}/.well-known/jwks.json`;
      await expectRefused(bearer(tokens.sign({}, { [field]: elsewhere }, attackerKey)));
      await expectRefused(bearer(tokens.sign({}, { [field]: elsewhere, kid: issuerKey.kid }, attackerKey)));
      expect(attackerJwks.requestCount).toBe(0);
    });

    it('answers 401 for a token carrying its own public key in a jwk header', async () => {
      await expectRefused(bearer(tokens.sign({}, { jwk: attackerKey.publicJwk }, attackerKey)));
      await expectRefused(bearer(tokens.sign({}, { jwk: attackerKey.publicJwk, kid: issuerKey.kid }, attackerKey)));
    });
  });

  describe('exp and nbf', () => {
    it('answers 401 for an expired token', async () => {
      await expectRefused(bearer(tokens.sign({ iat: nowSeconds() - 900, exp: nowSeconds() - 120 })));
    });

    it('answers 401 for a token without exp, or with exp that is not a number', async () => {
      await expectRefused(bearer(tokens.sign({ exp: undefined })));
      await expectRefused(bearer(tokens.sign({ exp: String(nowSeconds() + 600) })));
    });

    it('answers 401 for a token that is not valid yet (nbf in the future)', async () => {
      await expectRefused(bearer(tokens.sign({ nbf: nowSeconds() + 120 })));
    });
  });

  describe('issuer and audience', () => {
    it.each([
      ['another issuer', () => 'https://tenant.eu.auth0.com/'],
      ['the issuer without its trailing slash', () => jwks.issuer.replace(/\/$/, '')],
      ['the issuer with a second trailing slash', () => `${jwks.issuer}/`],
      ['the issuer in capitals', () => jwks.issuer.toUpperCase()],
      ['no issuer', () => undefined],
    ])('answers 401 for %s (iss is compared exactly)', async (_case, iss) => {
      await expectRefused(bearer(tokens.sign({ iss: iss() })));
    });

    it.each([
      ['another audience', 'https://another-api'],
      ['an audience array without ours', ['https://another-api', 'https://tenant.eu.auth0.com/userinfo']],
      ['an empty audience array', []],
      ['no audience', undefined],
    ])('answers 401 for %s', async (_case, aud) => {
      await expectRefused(bearer(tokens.sign({ aud })));
    });

    it('accepts an audience array that contains ours, as Auth0 issues it with /userinfo', async () => {
      const response = await call(bearer(tokens.sign({ aud: [TEST_AUDIENCE, `${jwks.issuer}userinfo`] })));
      expect(response.status).toBe(200);
    });
  });

  describe('claims the API relies on', () => {
    it.each([
      ['absent', undefined],
      ['an empty string', ''],
      ['a number', 12345],
      ['an array', ['org_alpha']],
    ])('answers 401 when the org claim is %s', async (_case, orgId) => {
      await expectRefused(bearer(tokens.sign({ [ORG_CLAIM]: orgId })));
    });

    it('answers 401 when sub is absent or not a string', async () => {
      await expectRefused(bearer(tokens.sign({ sub: undefined })));
      await expectRefused(bearer(tokens.sign({ sub: 42 })));
    });

    it.each([
      ['a string', 'support'],
      ['an array with a non-string', ['support', 7]],
      ['an object', { support: true }],
    ])('answers 401 when the roles claim is %s', async (_case, roles) => {
      await expectRefused(bearer(tokens.sign({ [ROLES_CLAIM]: roles })));
    });
  });

  describe('session age (SESSION_MAX_HOURS = 10), from the session-start claim as Auth0 issues it', () => {
    it('answers 401 SESSION_EXPIRED when the session-start claim is older than SESSION_MAX_HOURS, however fresh the token (iat)', async () => {
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: hoursAgo(10.1), iat: nowSeconds() })), SESSION_EXPIRED);
    });

    it('accepts a session just within SESSION_MAX_HOURS', async () => {
      expect((await call(bearer(tokens.sign({ [SESSION_START_CLAIM]: hoursAgo(9.9) })))).status).toBe(200);
    });

    it('answers 401 SESSION_START_MISSING to a token with neither auth_time nor the session-start claim, even one just issued', async () => {
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: undefined, iat: nowSeconds() })), SESSION_START_MISSING);
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: undefined, iat: undefined })), SESSION_START_MISSING);
    });

    it('never counts the session from iat: a fresh iat does not rescue an old session, an old iat does not end a new one', async () => {
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: hoursAgo(11), iat: nowSeconds() })), SESSION_EXPIRED);
      expect((await call(bearer(tokens.sign({ [SESSION_START_CLAIM]: hoursAgo(1), iat: hoursAgo(1) })))).status).toBe(200);
    });

    it('uses auth_time where a token has it (an identity provider other than Auth0), before the claim', async () => {
      expect((await call(bearer(tokens.sign({ [SESSION_START_CLAIM]: undefined, auth_time: hoursAgo(9.9) })))).status).toBe(200);
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: hoursAgo(1), auth_time: hoursAgo(10.1) })), SESSION_EXPIRED);
    });

    it('answers 401 UNAUTHENTICATED when the session start is in the future beyond clock skew', async () => {
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: nowSeconds() + 600 })));
      await expectRefused(bearer(tokens.sign({ auth_time: nowSeconds() + 600 })));
    });

    it('tolerates a session start a few seconds ahead (clock skew)', async () => {
      expect((await call(bearer(tokens.sign({ [SESSION_START_CLAIM]: nowSeconds() + 5 })))).status).toBe(200);
    });

    it.each([
      ['a numeric string', () => String(nowSeconds() - 60)],
      ['null', () => null],
      ['a boolean', () => true],
      ['an ISO date', () => new Date().toISOString()],
    ])('answers 401 UNAUTHENTICATED when auth_time or the session-start claim is %s', async (_case, value) => {
      await expectRefused(bearer(tokens.sign({ auth_time: value() })));
      await expectRefused(bearer(tokens.sign({ [SESSION_START_CLAIM]: value() })));
    });

    it('answers 401 UNAUTHENTICATED when iat is in the future', async () => {
      await expectRefused(bearer(tokens.sign({ iat: nowSeconds() + 600 })));
    });
  });

  describe('accepted tokens', () => {
    it('lets a valid token through and gives the handler @CurrentUser() = { sub, orgId, roles }', async () => {
      const response = await call(bearer(tokens.sign()));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ sub: 'auth0|ana-support', orgId: 'org_alpha', roles: ['support'] });
    });

    it('lets a valid token without any roles claim reach a route that only needs authentication', async () => {
      const response = await call(bearer(tokens.sign({ [ROLES_CLAIM]: undefined })));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ sub: 'auth0|ana-support', orgId: 'org_alpha', roles: [] });
    });

    it('leaves @Public() routes open, with no token or a broken one', async () => {
      expect((await call(undefined, ROUTES.public)).body).toEqual({ reached: 'public' });
      expect((await call('Bearer not-a-token', ROUTES.public)).status).toBe(200);
      expect((await call(undefined, '/health/live')).status).toBe(200);
    });
  });

  describe('what is written to the log', () => {
    it('logs why tokens were refused, and never a token', () => {
      const logged = logOutput.text;
      expect(logged).toContain('Access token refused');
      expect(credentialsSent.size).toBeGreaterThan(50);
      for (const credential of credentialsSent) {
        if (credential.length >= 8) expect(logged).not.toContain(credential);
      }
    });
  });
});
