import { AuthService } from '@auth0/auth0-angular';
import { BehaviorSubject, Observable, Subject, of } from 'rxjs';
import { vi } from 'vitest';
import { RuntimeConfig } from '../app/runtime-config/runtime-config';

/** A runtime configuration for tests; the API is on its own origin so no relative URL matches it. */
export const TEST_CONFIG: RuntimeConfig = {
  auth0Domain: 'http://127.0.0.1:4100',
  auth0ClientId: 'twilio-config-console',
  auth0Audience: 'https://twilio-config-api',
  apiOrigin: 'http://api.test:3000',
  rolesClaim: 'https://twilio-config/roles',
  orgClaim: 'org_id',
  sessionStartClaim: 'https://twilio-config/auth_time',
  sessionMaxHours: 10,
};

/** An unsigned JWT with the given payload (the console only ever reads payloads). */
export function fakeJwt(payload: Record<string, unknown>): string {
  const part = (value: object) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.signature`;
}

export const ANA_CLAIMS = {
  sub: 'auth0|ana',
  name: 'Ana Support',
  email: 'ana.support@acme.example.com',
  org_id: 'org_A',
  'https://twilio-config/roles': ['support'],
} as const;

export const CARLA_CLAIMS = {
  sub: 'auth0|carla',
  name: 'Carla Viewer',
  email: 'carla.viewer@acme.example.com',
  org_id: 'org_A',
  'https://twilio-config/roles': ['viewer'],
} as const;

export interface FakeAuthOptions {
  authenticated?: boolean;
  idClaims?: Record<string, unknown> | null;
  /** What getAccessTokenSilently answers (cache on / cache off). */
  token?: (options?: { cacheMode?: string }) => Observable<string | undefined>;
}

/** The parts of the Auth0 SDK's AuthService the console uses, driven by the test. */
export function createFakeAuth(options: FakeAuthOptions = {}) {
  const fake = {
    isLoading$: of(false),
    isAuthenticated$: new BehaviorSubject<boolean>(options.authenticated ?? true),
    idTokenClaims$: new BehaviorSubject<Record<string, unknown> | null>(options.idClaims === undefined ? { ...ANA_CLAIMS } : options.idClaims),
    error$: new Subject<Error>(),
    getAccessTokenSilently: vi.fn(options.token ?? ((opts?: { cacheMode?: string }) => of(opts?.cacheMode === 'off' ? 'fresh-token' : 'cached-token'))),
    loginWithRedirect: vi.fn(() => of(undefined)),
    logout: vi.fn(() => of(undefined)),
  };
  return fake;
}

export type FakeAuth = ReturnType<typeof createFakeAuth>;

export function provideFakeAuth(fake: FakeAuth) {
  return { provide: AuthService, useValue: fake };
}
