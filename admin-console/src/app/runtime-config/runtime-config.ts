import { InjectionToken } from '@angular/core';

/**
 * What the console needs to know about its surroundings. One build serves every environment:
 * these values are read from `/config.json` on the console's own origin when it starts.
 */
export interface RuntimeConfig {
  /** Auth0 domain (`tenant.eu.auth0.com`) or, for the local provider, its origin with the scheme. */
  readonly auth0Domain: string;
  readonly auth0ClientId: string;
  readonly auth0Audience: string;
  /** The API's origin, e.g. `http://localhost:3000`: the only origin that ever receives the access token. */
  readonly apiOrigin: string;
  /** Claim names and session length, as the API is configured (optional in config.json). */
  readonly rolesClaim: string;
  readonly orgClaim: string;
  /** Where the post-login Action puts the sign-in time (AUTH0_SESSION_START_CLAIM). */
  readonly sessionStartClaim: string;
  readonly sessionMaxHours: number;
  /**
   * Sign in within this Auth0 organization (its id `org_…` or name), sent as the `organization`
   * authorize parameter. Unset: the tenant's application decides (e.g. prompts for one).
   */
  readonly organization?: string;
}

export const RUNTIME_CONFIG = new InjectionToken<RuntimeConfig>('RUNTIME_CONFIG');

export const RUNTIME_CONFIG_DEFAULTS = {
  rolesClaim: 'https://twilio-config/roles',
  orgClaim: 'org_id',
  sessionStartClaim: 'https://twilio-config/auth_time',
  sessionMaxHours: 10,
} as const;

export class RuntimeConfigError extends Error {
  override readonly name = 'RuntimeConfigError';
}

/** Checks config.json and normalizes it; throws one error naming every field that is wrong. */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new RuntimeConfigError('config.json must be a JSON object');
  }
  const source = raw as Record<string, unknown>;
  const problems: string[] = [];
  const text = (key: string, required: boolean): string | undefined => {
    const value = source[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`${key} must be a non-empty string`);
      return undefined;
    }
    return value.trim();
  };

  const auth0Domain = text('auth0Domain', true);
  const auth0ClientId = text('auth0ClientId', true);
  const auth0Audience = text('auth0Audience', true);
  const apiOriginRaw = text('apiOrigin', true);
  const rolesClaim = text('rolesClaim', false);
  const orgClaim = text('orgClaim', false);
  const sessionStartClaim = text('sessionStartClaim', false);
  const organization = text('organization', false);

  let apiOrigin: string | undefined;
  if (apiOriginRaw !== undefined) {
    try {
      const url = new URL(apiOriginRaw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
      apiOrigin = url.origin;
    } catch {
      problems.push('apiOrigin must be an absolute http(s) URL, e.g. https://api.example.com');
    }
  }

  let sessionMaxHours: number = RUNTIME_CONFIG_DEFAULTS.sessionMaxHours;
  if (source['sessionMaxHours'] !== undefined) {
    const hours = source['sessionMaxHours'];
    if (typeof hours !== 'number' || !(hours > 0)) problems.push('sessionMaxHours must be a positive number');
    else sessionMaxHours = hours;
  }

  if (problems.length > 0 || !auth0Domain || !auth0ClientId || !auth0Audience || !apiOrigin) {
    throw new RuntimeConfigError(`config.json: ${problems.join('; ')}`);
  }
  return {
    // spa-js builds `${domain}/authorize`: an issuer URL's trailing slash would double it.
    auth0Domain: auth0Domain.replace(/\/+$/, ''),
    auth0ClientId,
    auth0Audience,
    apiOrigin,
    rolesClaim: rolesClaim ?? RUNTIME_CONFIG_DEFAULTS.rolesClaim,
    orgClaim: orgClaim ?? RUNTIME_CONFIG_DEFAULTS.orgClaim,
    sessionStartClaim: sessionStartClaim ?? RUNTIME_CONFIG_DEFAULTS.sessionStartClaim,
    sessionMaxHours,
    ...(organization === undefined ? {} : { organization }),
  };
}

/** Reads `/config.json` from the console's own origin, never from a cache. */
export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch, url = '/config.json'): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchFn(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new RuntimeConfigError(`${url} could not be loaded (${(error as Error).message})`);
  }
  if (!response.ok) throw new RuntimeConfigError(`${url} answered ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new RuntimeConfigError(`${url} is not valid JSON`);
  }
  return parseRuntimeConfig(body);
}
