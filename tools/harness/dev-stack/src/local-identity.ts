import { signIn, startAuth0Local } from '@twilio-config/auth0-local';
import { getFreePort } from '@twilio-config/mongo-server';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const API_AUDIENCE = 'https://twilio-config-api';
const CLIENT_ID = 'api-test-client';

export interface LocalIdentity {
  /** AUTH0_ISSUER_URL for the API. */
  issuer: string;
  audience: string;
  /** A support user's access token for the organization, from a real sign-in. */
  accessToken(orgId: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The local Auth0-compatible provider (tools/stand-ins/auth0-local) with one support user per organization:
 * every token the API sees comes from a real authorization-code sign-in, signed RS256 and
 * published in the provider's JWKS.
 */
export async function startLocalIdentity(orgIds: string[]): Promise<LocalIdentity> {
  const dir = mkdtempSync(path.join(tmpdir(), 'local-identity-'));
  const consoleOrigin = `http://localhost:${await getFreePort()}`;
  const redirectUri = `${consoleOrigin}/`;
  const userOf = (orgId: string) => ({ email: `support@${orgId.toLowerCase()}.example.test`, password: `pw-${orgId}` });
  const seedFile = path.join(dir, 'users.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      organizations: orgIds.map((id) => ({ id, name: id.toLowerCase(), displayName: `Organization ${id}` })),
      clients: [{ clientId: CLIENT_ID, name: 'API tests', redirectUris: [redirectUri], postLogoutRedirectUris: [redirectUri], allowedOrigins: [consoleOrigin] }],
      users: orgIds.map((orgId, index) => ({ id: `auth0|support-${index}`, name: `Support ${index}`, ...userOf(orgId), orgId, roles: ['support'] })),
    }),
  );
  const provider = await startAuth0Local({
    port: 0,
    seedFile,
    audience: API_AUDIENCE,
    clientId: CLIENT_ID,
    redirectUris: [redirectUri],
    postLogoutRedirectUris: [redirectUri],
    allowedOrigins: [consoleOrigin],
  });
  return {
    issuer: provider.issuer,
    audience: API_AUDIENCE,
    accessToken: async (orgId) => {
      const user = userOf(orgId);
      const { tokens } = await signIn({ domain: provider.domain, clientId: CLIENT_ID, redirectUri, audience: API_AUDIENCE, username: user.email, password: user.password });
      return tokens.access_token;
    },
    stop: async () => {
      await provider.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
