// The demo directory: organizations, users and the console's client, from seed/users.json.
// Passwords are local demo values printed on the sign-in page; no real service's secret lives here.
import { readFile } from 'node:fs/promises';

export interface SeedOrganization {
  id: string;
  name: string;
  displayName: string;
}

export interface SeedUser {
  id: string;
  name: string;
  email: string;
  password: string;
  orgId: string;
  roles: string[];
}

export interface SeedClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  allowedOrigins: string[];
}

export interface Seed {
  organizations: SeedOrganization[];
  clients: SeedClient[];
  users: SeedUser[];
}

/** Auth0 organization ids are `org_` followed by 16 alphanumerics. */
const AUTH0_ORG_ID = /^org_[A-Za-z0-9]{16}$/;

export class SeedError extends Error {
  override readonly name = 'SeedError';
}

export async function loadSeed(file: string): Promise<Seed> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SeedError(`seed file ${file} is not readable JSON: ${(error as Error).message}`);
  }
  return validateSeed(parsed, file);
}

function validateSeed(value: unknown, file: string): Seed {
  const fail = (what: string): never => {
    throw new SeedError(`seed file ${file}: ${what}`);
  };
  const seed = value as Partial<Seed>;
  if (!Array.isArray(seed?.organizations) || !Array.isArray(seed.users) || !Array.isArray(seed.clients)) {
    return fail('needs arrays "organizations", "clients" and "users"');
  }
  if (seed.clients.length === 0) fail('needs at least one client');

  const orgIds = new Set<string>();
  for (const org of seed.organizations) {
    if (!AUTH0_ORG_ID.test(org?.id ?? '')) fail(`organization id "${org?.id}" is not org_ + 16 alphanumerics`);
    if (!isText(org.name) || !isText(org.displayName)) fail(`organization ${org.id} needs name and displayName`);
    orgIds.add(org.id);
  }

  for (const client of seed.clients) {
    if (!isText(client?.clientId) || !isText(client.name)) fail('every client needs clientId and name');
    for (const key of ['redirectUris', 'postLogoutRedirectUris', 'allowedOrigins'] as const) {
      if (!Array.isArray(client[key]) || !client[key].every(isText)) fail(`client ${client.clientId} needs ${key} (strings)`);
    }
  }

  const emails = new Set<string>();
  const ids = new Set<string>();
  for (const user of seed.users) {
    for (const key of ['id', 'name', 'email', 'password', 'orgId'] as const) {
      if (!isText(user?.[key])) fail(`every user needs ${key}`);
    }
    if (!orgIds.has(user.orgId)) fail(`user ${user.email} belongs to unknown organization ${user.orgId}`);
    if (!Array.isArray(user.roles) || !user.roles.every(isText)) fail(`user ${user.email} needs roles (strings)`);
    const email = user.email.toLowerCase();
    if (emails.has(email) || ids.has(user.id)) fail(`user ${user.email} is listed twice`);
    emails.add(email);
    ids.add(user.id);
  }
  return seed as Seed;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
