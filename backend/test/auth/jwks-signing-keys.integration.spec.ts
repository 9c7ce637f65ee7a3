import { AuthTestApp, ROUTES, startAuthTestApp } from './support/auth-test-app';
import { expectRefusal, UNAUTHENTICATED } from './support/expected-errors';
import { JwksTestServer } from './support/jwks-test-server';
import { createSigningKey } from './support/signing-keys';
import { TestTokens } from './support/test-tokens';
import { randomUUID } from 'node:crypto';

/** The default of AUTH0_JWKS_UNKNOWN_KID_FETCHES_PER_MINUTE. */
const JWKS_REQUESTS_PER_MINUTE = 10;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (a background refresh has landed), giving up after `attempts` tries. */
async function eventually(condition: () => boolean, attempts = 100): Promise<void> {
  for (let attempt = 0; attempt < attempts && !condition(); attempt += 1) await pause(20);
  expect(condition()).toBe(true);
}

describe('JWKS signing keys (cached, rate-limited, rotated at the provider)', () => {
  describe('cache, outage and rotation', () => {
    const currentKey = createSigningKey('key-2026-01');
    const rotatedKey = createSigningKey('key-2026-07');
    let jwks: JwksTestServer;
    let api: AuthTestApp;
    let tokens: TestTokens;

    beforeAll(async () => {
      jwks = await JwksTestServer.start(currentKey);
      tokens = new TestTokens(jwks.issuer, currentKey);
      api = await startAuthTestApp(jwks.issuer);
    });

    afterAll(async () => {
      await api?.close();
      await jwks?.close();
    });

    const call = (token: string) => api.get(ROUTES.signedIn, `Bearer ${token}`);

    it('reads {issuer}.well-known/jwks.json once, then serves the known key from the cache', async () => {
      for (let i = 0; i < 5; i += 1) expect((await call(tokens.sign())).status).toBe(200);
      expect(jwks.requestCount).toBe(1);
    });

    it('keeps accepting a cached key while the JWKS endpoint is down', async () => {
      jwks.goDown();
      expect((await call(tokens.sign())).status).toBe(200);
      expect(jwks.requestCount).toBe(1);
    });

    it('fails closed with 401 UNAUTHENTICATED, not 500, for a kid it has not cached while the endpoint is down', async () => {
      jwks.publish(currentKey, rotatedKey);
      const token = tokens.sign({}, {}, rotatedKey);
      expectRefusal(await call(token), UNAUTHENTICATED, token);
      expect(jwks.requestCount).toBe(2);
    });

    it('picks up a key rotated at the provider once the endpoint is back: the new kid causes one refetch', async () => {
      jwks.comeBack();
      expect((await call(tokens.sign({}, {}, rotatedKey))).status).toBe(200);
      expect((await call(tokens.sign({}, {}, rotatedKey))).status).toBe(200);
      expect(jwks.requestCount).toBe(3);
    });

    it('still refuses a kid the provider never published', async () => {
      const token = tokens.sign({}, {}, createSigningKey('key-never-published'));
      expectRefusal(await call(token), UNAUTHENTICATED, token);
    });
  });

  describe('a burst of 1,000 requests whose tokens carry distinct unknown kids', () => {
    const BURST = 1000;
    const CONCURRENCY = 100;
    const issuerKey = createSigningKey();
    let jwks: JwksTestServer;
    let api: AuthTestApp;
    let tokens: TestTokens;

    beforeAll(async () => {
      jwks = await JwksTestServer.start(issuerKey);
      tokens = new TestTokens(jwks.issuer, issuerKey);
      api = await startAuthTestApp(jwks.issuer);
    });

    afterAll(async () => {
      await api?.close();
      await jwks?.close();
    });

    it(`causes at most JWKS_REQUESTS_PER_MINUTE (${JWKS_REQUESTS_PER_MINUTE}) + 1 JWKS fetches, answers each 401, and cached keys keep working`, async () => {
      expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign()}`)).status).toBe(200);
      const fetchesBefore = jwks.requestCount;

      const burstTokens = Array.from({ length: BURST }, (_, i) => tokens.sign({}, { kid: `unknown-${i}-${issuerKey.kid}` }));
      const statuses: number[] = [];
      const bodies = new Set<string>();
      const startedAt = performance.now();
      for (let next = 0; next < BURST; next += CONCURRENCY) {
        const batch = burstTokens.slice(next, next + CONCURRENCY).map(async (token) => {
          const response = await fetch(`${api.baseUrl}${ROUTES.signedIn}`, { headers: { Authorization: `Bearer ${token}` } });
          statuses.push(response.status);
          bodies.add(await response.text());
        });
        await Promise.all(batch);
      }
      const elapsedMs = Math.round(performance.now() - startedAt);
      const fetchesCaused = jwks.requestCount - fetchesBefore;

      console.log(
        `JWKS fetches caused by ${BURST} requests with distinct unknown kids: ${fetchesCaused} ` +
          `(limit ${JWKS_REQUESTS_PER_MINUTE}/minute; ${jwks.requestCount} in all, counting the warm-up fetch); burst took ${elapsedMs} ms`,
      );
      expect(fetchesCaused).toBeLessThanOrEqual(JWKS_REQUESTS_PER_MINUTE + 1);
      expect(statuses).toEqual(Array(BURST).fill(401));
      expect([...bodies]).toEqual([JSON.stringify(UNAUTHENTICATED)]);
      expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign()}`)).status).toBe(200);
      expect(jwks.requestCount - fetchesBefore).toBe(fetchesCaused);
    });
  });

  describe('with a short cache age (AUTH0_JWKS_CACHE_MAX_AGE_SECONDS = 1)', () => {
    const CACHE_AGE_MS = 1_000;
    const shortCache = { AUTH0_JWKS_CACHE_MAX_AGE_SECONDS: '1' };
    // Every token below is distinct (jti), so none is answered from the verified-token memory.

    describe('a flood of 1,000 tokens with random kids, then the cache age passing', () => {
      const issuerKey = createSigningKey();
      let jwks: JwksTestServer;
      let api: AuthTestApp;
      let tokens: TestTokens;

      beforeAll(async () => {
        jwks = await JwksTestServer.start(issuerKey);
        tokens = new TestTokens(jwks.issuer, issuerKey);
        api = await startAuthTestApp(jwks.issuer, shortCache);
      });

      afterAll(async () => {
        await api?.close();
        await jwks?.close();
      });

      it('still lets a fresh valid token through (200), and the known key set is refreshed without the unknown-kid budget', async () => {
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
        const flood = Array.from({ length: 1000 }, () => tokens.sign({}, { kid: `random-${randomUUID()}` }));
        for (let next = 0; next < flood.length; next += 100) {
          const statuses = await Promise.all(flood.slice(next, next + 100).map(async (token) => (await api.get(ROUTES.signedIn, `Bearer ${token}`)).status));
          expect(statuses).toEqual(Array(statuses.length).fill(401));
        }
        // The unknown-kid budget is spent now: one more made-up kid causes no fetch.
        const fetchesAfterFlood = jwks.requestCount;
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({}, { kid: `random-${randomUUID()}` })}`)).status).toBe(401);
        expect(jwks.requestCount).toBe(fetchesAfterFlood);

        await pause(CACHE_AGE_MS + 100);
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
        await eventually(() => jwks.requestCount === fetchesAfterFlood + 1);
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
      });
    });

    describe('the JWKS endpoint down for longer than the cache age', () => {
      const issuerKey = createSigningKey();
      let jwks: JwksTestServer;
      let api: AuthTestApp;
      let tokens: TestTokens;

      beforeAll(async () => {
        jwks = await JwksTestServer.start(issuerKey);
        tokens = new TestTokens(jwks.issuer, issuerKey);
        api = await startAuthTestApp(jwks.issuer, shortCache);
      });

      afterAll(async () => {
        await api?.close();
        await jwks?.close();
      });

      it('keeps verifying tokens signed by the known key with the last good key set', async () => {
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
        jwks.goDown();
        const before = jwks.requestCount;
        await pause(CACHE_AGE_MS + 100);
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
        await eventually(() => jwks.requestCount > before);
        for (let i = 0; i < 3; i += 1) expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
        jwks.comeBack();
      });
    });

    describe('a key rotated at the provider', () => {
      const oldKey = createSigningKey('key-2026-01');
      const newKey = createSigningKey('key-2026-07');
      let jwks: JwksTestServer;
      let api: AuthTestApp;
      let tokens: TestTokens;

      beforeAll(async () => {
        jwks = await JwksTestServer.start(oldKey);
        tokens = new TestTokens(jwks.issuer, oldKey);
        api = await startAuthTestApp(jwks.issuer, shortCache);
      });

      afterAll(async () => {
        await api?.close();
        await jwks?.close();
      });

      it('is picked up at its first token, and the key the provider withdrew stops verifying once the set is refreshed', async () => {
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() })}`)).status).toBe(200);
        jwks.publish(newKey);
        expect((await api.get(ROUTES.signedIn, `Bearer ${tokens.sign({ jti: randomUUID() }, {}, newKey)}`)).status).toBe(200);
        const withdrawn = tokens.sign({ jti: randomUUID() });
        expectRefusal(await api.get(ROUTES.signedIn, `Bearer ${withdrawn}`), UNAUTHENTICATED, withdrawn);
      });
    });
  });
});
