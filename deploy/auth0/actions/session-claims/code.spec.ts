// The post-login Action run against event and api objects shaped as Auth0 documents them:
// "Actions Triggers: post-login - Event Object" and "- API Object"
// (https://auth0.com/docs/customize/actions/explore-triggers/signup-and-login-triggers/login-trigger).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { onExecutePostLogin } = require('./code.js') as { onExecutePostLogin: (event: PostLoginEvent, api: PostLoginApi) => Promise<void> };

interface PostLoginEvent {
  [property: string]: unknown;
}

interface PostLoginApi {
  access: { deny(reason: string): void };
  accessToken: { setCustomClaim(name: string, value: unknown): void };
  idToken: { setCustomClaim(name: string, value: unknown): void };
}

/** An `api` that records what the Action asked for. */
function recordingApi() {
  const recorded = { denied: [] as string[], accessToken: {} as Record<string, unknown>, idToken: {} as Record<string, unknown> };
  const api: PostLoginApi = {
    access: { deny: (reason) => void recorded.denied.push(reason) },
    accessToken: { setCustomClaim: (name, value) => void (recorded.accessToken[name] = value) },
    idToken: { setCustomClaim: (name, value) => void (recorded.idToken[name] = value) },
  };
  return { api, recorded };
}

const SIGNED_IN_AT = '2026-11-25T08:00:00.000Z';
const SIGNED_IN_AT_SECONDS = Date.parse(SIGNED_IN_AT) / 1000;

/** A sign-in with a password within organization "acme", as the event object documents it. */
function signInEvent(overrides: PostLoginEvent = {}): PostLoginEvent {
  return {
    authentication: { methods: [{ name: 'pwd', timestamp: SIGNED_IN_AT }] },
    authorization: { roles: ['support'] },
    client: { client_id: 'console-client-id', name: 'Twilio Config Console', metadata: {} },
    connection: { id: 'con_123', name: 'Username-Password-Authentication', strategy: 'auth0' },
    organization: { id: 'org_A1b2C3d4E5f6G7h8', name: 'acme', display_name: 'Acme Logistics', metadata: {} },
    request: { ip: '203.0.113.10', method: 'GET', query: {}, body: {}, geoip: {} },
    resource_server: { identifier: 'https://twilio-config-api' },
    secrets: {},
    stats: { logins_count: 3 },
    tenant: { id: 'twilio-config' },
    transaction: { protocol: 'oidc-basic-profile', requested_scopes: ['openid', 'profile', 'email', 'offline_access'] },
    user: { user_id: 'auth0|65a1f0c2d4e6f8a0b2c4d6e8', email: 'ana.support@acme.example.com', app_metadata: {}, user_metadata: {} },
    ...overrides,
  };
}

async function run(event: PostLoginEvent) {
  const { api, recorded } = recordingApi();
  await onExecutePostLogin(event, api);
  return recorded;
}

describe('post-login Action "session-claims"', () => {
  describe('on sign-in', () => {
    it('adds the roles and the session start (the password time, in seconds) to the access token', async () => {
      const recorded = await run(signInEvent());
      expect(recorded.denied).toEqual([]);
      expect(recorded.accessToken).toEqual({
        'https://twilio-config/roles': ['support'],
        'https://twilio-config/auth_time': SIGNED_IN_AT_SECONDS,
      });
    });

    it('adds the roles to the ID token too, where the console reads them; never auth_time, a restricted claim', async () => {
      const recorded = await run(signInEvent());
      expect(recorded.idToken).toEqual({ 'https://twilio-config/roles': ['support'] });
      expect(Object.keys(recorded.accessToken)).not.toContain('auth_time');
    });

    it('gives an empty roles claim to a user without roles', async () => {
      expect((await run(signInEvent({ authorization: { roles: [] } }))).accessToken['https://twilio-config/roles']).toEqual([]);
      expect((await run(signInEvent({ authorization: undefined }))).accessToken['https://twilio-config/roles']).toEqual([]);
    });

    it('uses the claim names given as the Action secrets ROLES_CLAIM and SESSION_START_CLAIM', async () => {
      const recorded = await run(signInEvent({ secrets: { ROLES_CLAIM: 'https://example.test/roles', SESSION_START_CLAIM: 'https://example.test/signed_in' } }));
      expect(recorded.accessToken).toEqual({ 'https://example.test/roles': ['support'], 'https://example.test/signed_in': SIGNED_IN_AT_SECONDS });
    });
  });

  describe('on a refresh-token exchange', () => {
    it('keeps the session start of the original sign-in, however long ago, not the time of the exchange', async () => {
      const recorded = await run(
        signInEvent({
          transaction: { protocol: 'oauth2-refresh-token', requested_scopes: [] },
          refresh_token: { id: 'rt_1', created_at: '2026-11-25T16:00:00.000Z', client_id: 'console-client-id', expires_at: null },
        }),
      );
      expect(recorded.denied).toEqual([]);
      expect(recorded.accessToken['https://twilio-config/auth_time']).toBe(SIGNED_IN_AT_SECONDS);
    });
  });

  describe('with multi-factor authentication', () => {
    const mfaAt = '2026-11-25T08:00:40.000Z';

    it('counts the session from the first factor, not from the MFA that followed it', async () => {
      const methods = [
        { name: 'pwd', timestamp: SIGNED_IN_AT },
        { name: 'mfa', timestamp: mfaAt },
      ];
      expect((await run(signInEvent({ authentication: { methods } }))).accessToken['https://twilio-config/auth_time']).toBe(SIGNED_IN_AT_SECONDS);
      const reversed = [...methods].reverse();
      expect((await run(signInEvent({ authentication: { methods: reversed } }))).accessToken['https://twilio-config/auth_time']).toBe(SIGNED_IN_AT_SECONDS);
    });
  });

  describe('without an organization', () => {
    it('still adds both claims and does not deny: org_id is Organizations\u2019 claim, and the API and console name its absence', async () => {
      const recorded = await run(signInEvent({ organization: undefined }));
      expect(recorded.denied).toEqual([]);
      expect(recorded.accessToken).toEqual({
        'https://twilio-config/roles': ['support'],
        'https://twilio-config/auth_time': SIGNED_IN_AT_SECONDS,
      });
    });
  });

  describe('when it cannot tell when the session began', () => {
    it.each([
      ['there is no event.authentication', { authentication: undefined }],
      ['no method was completed', { authentication: { methods: [] } }],
      ['no method has a timestamp', { authentication: { methods: [{ name: 'pwd' }] } }],
      ['the timestamp is not a date', { authentication: { methods: [{ name: 'pwd', timestamp: 'yesterday-ish' }] } }],
    ])('denies access, and adds no claim, when %s', async (_case, overrides) => {
      const recorded = await run(signInEvent(overrides));
      expect(recorded.denied).toEqual([expect.stringContaining('sign in again')]);
      expect(recorded.accessToken).toEqual({});
      expect(recorded.idToken).toEqual({});
    });

    it('denies a refresh-token exchange that carries no authentication methods', async () => {
      const recorded = await run(signInEvent({ authentication: undefined, transaction: { protocol: 'oauth2-refresh-token' } }));
      expect(recorded.denied).toHaveLength(1);
    });
  });
});
