import { RuntimeConfigError, loadRuntimeConfig, parseRuntimeConfig } from './runtime-config';

const LOCAL = {
  auth0Domain: 'http://127.0.0.1:4100',
  auth0ClientId: 'twilio-config-console',
  auth0Audience: 'https://twilio-config-api',
  apiOrigin: 'http://localhost:3000',
};

describe(parseRuntimeConfig.name, () => {
  it('reads the local configuration and fills in the defaults', () => {
    expect(parseRuntimeConfig(LOCAL)).toEqual({
      ...LOCAL,
      rolesClaim: 'https://twilio-config/roles',
      orgClaim: 'org_id',
      sessionStartClaim: 'https://twilio-config/auth_time',
      sessionMaxHours: 10,
    });
  });

  it('reads the organization to sign in within, and a session-start claim name, when given', () => {
    const parsed = parseRuntimeConfig({ ...LOCAL, organization: 'org_A1b2C3d4E5f6G7h8', sessionStartClaim: 'https://example.test/signed_in' });
    expect(parsed).toMatchObject({ organization: 'org_A1b2C3d4E5f6G7h8', sessionStartClaim: 'https://example.test/signed_in' });
    expect(() => parseRuntimeConfig({ ...LOCAL, organization: '' })).toThrow(/organization must be a non-empty string/);
  });

  it('keeps a real tenant domain without a scheme, and drops a trailing slash from an issuer URL', () => {
    expect(parseRuntimeConfig({ ...LOCAL, auth0Domain: 'tenant.eu.auth0.com' }).auth0Domain).toBe('tenant.eu.auth0.com');
    expect(parseRuntimeConfig({ ...LOCAL, auth0Domain: 'http://127.0.0.1:4100/' }).auth0Domain).toBe('http://127.0.0.1:4100');
  });

  it('reduces the API origin to an origin', () => {
    expect(parseRuntimeConfig({ ...LOCAL, apiOrigin: 'https://api.example.com/' }).apiOrigin).toBe('https://api.example.com');
  });

  it('names every field that is missing or wrong', () => {
    expect(() => parseRuntimeConfig({ auth0Domain: '', apiOrigin: 'not a url' })).toThrow(
      /auth0Domain must be a non-empty string; auth0ClientId must be a non-empty string; auth0Audience must be a non-empty string; apiOrigin must be an absolute http\(s\) URL/,
    );
    expect(() => parseRuntimeConfig([])).toThrow(RuntimeConfigError);
    expect(() => parseRuntimeConfig({ ...LOCAL, sessionMaxHours: -1 })).toThrow(/sessionMaxHours/);
  });
});

describe(loadRuntimeConfig.name, () => {
  it('fetches /config.json without a cache', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify(LOCAL), { status: 200 }));
    await expect(loadRuntimeConfig(fetchFn)).resolves.toMatchObject(LOCAL);
    expect(fetchFn).toHaveBeenCalledWith('/config.json', expect.objectContaining({ cache: 'no-store' }));
  });

  it('says what went wrong when the file is missing or broken', async () => {
    await expect(loadRuntimeConfig(async () => new Response('nope', { status: 404 }))).rejects.toThrow('/config.json answered 404');
    await expect(loadRuntimeConfig(async () => new Response('{', { status: 200 }))).rejects.toThrow('/config.json is not valid JSON');
    await expect(
      loadRuntimeConfig(async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).rejects.toThrow('/config.json could not be loaded (Failed to fetch)');
  });
});
