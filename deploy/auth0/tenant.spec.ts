// tenant.yaml as the Auth0 Deploy CLI reads it: keywords replaced first (##NAME## as it is, @@NAME@@
// as JSON, per its "Keyword Replacement" documentation), then parsed as YAML.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const here = __dirname;
const exampleConfig = JSON.parse(readFileSync(path.join(here, 'config.example.json'), 'utf8')) as {
  AUTH0_KEYWORD_REPLACE_MAPPINGS: Record<string, unknown>;
};
const mappings = exampleConfig.AUTH0_KEYWORD_REPLACE_MAPPINGS;
const raw = readFileSync(path.join(here, 'tenant.yaml'), 'utf8');

function withKeywordsReplaced(text: string, values: Record<string, unknown>): string {
  return text
    .replace(/@@(\w+)@@/g, (_match, key: string) => JSON.stringify(values[key]))
    .replace(/##(\w+)##/g, (_match, key: string) => String(values[key]));
}

const tenant = parse(withKeywordsReplaced(raw, mappings)) as Record<string, any>;

describe('deploy/auth0/tenant.yaml (Auth0 Deploy CLI)', () => {
  it('has a value in config.example.json for every keyword it uses', () => {
    const used = new Set([...raw.matchAll(/(?:##|@@)(\w+)(?:##|@@)/g)].map((match) => match[1]));
    expect([...used].filter((keyword) => !(keyword in mappings))).toEqual([]);
  });

  it('declares the API with the audience as identifier, signed with RS256', () => {
    expect(tenant.resourceServers).toEqual([
      expect.objectContaining({ identifier: mappings.AUTH0_AUDIENCE, signing_alg: 'RS256', allow_offline_access: true }),
    ]);
  });

  it('declares the console as a single-page application with rotating refresh tokens that end with the session', () => {
    const [console] = tenant.clients;
    expect(console).toMatchObject({
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      callbacks: mappings.CONSOLE_CALLBACK_URLS,
      allowed_logout_urls: mappings.CONSOLE_LOGOUT_URLS,
      web_origins: mappings.CONSOLE_WEB_ORIGINS,
      jwt_configuration: { alg: 'RS256' },
      organization_usage: 'require',
    });
    expect(console.refresh_token).toMatchObject({ rotation_type: 'rotating', expiration_type: 'expiring', infinite_token_lifetime: false });
    expect(console.refresh_token.token_lifetime).toBe(10 * 3600);
  });

  it('declares the support role', () => {
    expect(tenant.roles.map((role: { name: string }) => role.name)).toEqual(['support']);
  });

  it('deploys one post-login Action (v3) from the file the local provider runs, and binds it to the trigger', () => {
    expect(tenant.actions).toHaveLength(1);
    const [action] = tenant.actions;
    expect(action.supported_triggers).toEqual([{ id: 'post-login', version: 'v3' }]);
    expect(existsSync(path.join(here, action.code))).toBe(true);
    expect(action.secrets).toEqual([
      { name: 'ROLES_CLAIM', value: mappings.AUTH0_ROLES_CLAIM },
      { name: 'SESSION_START_CLAIM', value: mappings.AUTH0_SESSION_START_CLAIM },
    ]);
    expect(tenant.triggers['post-login']).toEqual([{ action_name: action.name, display_name: action.name }]);
  });

  it('declares the organizations from the mapping', () => {
    expect(tenant.organizations).toEqual(mappings.ORGANIZATIONS);
  });
});
