import { TestBed } from '@angular/core/testing';
import { ActivatedRouteSnapshot, GuardResult, MaybeAsync, Router, RouterStateSnapshot, UrlTree, provideRouter } from '@angular/router';
import { Observable, firstValueFrom, isObservable, of } from 'rxjs';
import { ANA_CLAIMS, CARLA_CLAIMS, FakeAuth, TEST_CONFIG, createFakeAuth, fakeJwt, provideFakeAuth } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { signedInGuard, startPageGuard, supportRoleGuard } from './auth.guards';

function setUp(auth: FakeAuth): void {
  TestBed.configureTestingModule({
    providers: [provideRouter([]), { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG }, provideFakeAuth(auth)],
  });
}

async function run(guard: typeof supportRoleGuard, url = '/settings/twilio'): Promise<GuardResult> {
  const state = { url } as RouterStateSnapshot;
  const result: MaybeAsync<GuardResult> = TestBed.runInInjectionContext(() => guard({} as ActivatedRouteSnapshot, state));
  return isObservable(result) ? firstValueFrom(result as Observable<GuardResult>) : result;
}

const urlOf = (result: GuardResult): string => TestBed.inject(Router).serializeUrl(result as UrlTree);

/** An access token as Auth0 issues it with Organizations and the post-login Action. */
const ACCESS_CLAIMS = { sub: 'auth0|ana', org_id: 'org_A', 'https://twilio-config/auth_time': 1_800_000_000 };

describe('supportRoleGuard', () => {
  it('lets a signed-in user with the support role in', async () => {
    setUp(createFakeAuth({ idClaims: { ...ANA_CLAIMS } }));
    expect(await run(supportRoleGuard)).toBe(true);
  });

  it('sends a user without the support role to "Access restricted", never to the settings', async () => {
    setUp(createFakeAuth({ idClaims: { ...CARLA_CLAIMS } }));
    const result = await run(supportRoleGuard);
    expect(result).toBeInstanceOf(UrlTree);
    expect(urlOf(result)).toBe('/access-restricted');
  });

  it('treats a token without any roles claim as no role', async () => {
    const { 'https://twilio-config/roles': _roles, ...noRoles } = ANA_CLAIMS;
    setUp(createFakeAuth({ idClaims: noRoles, token: () => of(fakeJwt({ ...ACCESS_CLAIMS })) }));
    expect(urlOf(await run(supportRoleGuard))).toBe('/access-restricted');
  });

  it('reads the roles from the access token where the ID token does not carry them', async () => {
    const { 'https://twilio-config/roles': _roles, ...noRoles } = ANA_CLAIMS;
    const auth = createFakeAuth({
      idClaims: noRoles,
      token: () => of(fakeJwt({ ...ACCESS_CLAIMS, 'https://twilio-config/roles': ['support'] })),
    });
    setUp(auth);
    expect(await run(supportRoleGuard)).toBe(true);
  });

  it('sends a user whose access token has no organization to the sign-in problem page, not to sign in again', async () => {
    const { org_id: _org, ...noOrganization } = ACCESS_CLAIMS;
    const auth = createFakeAuth({ idClaims: { ...ANA_CLAIMS }, token: () => of(fakeJwt(noOrganization)) });
    setUp(auth);
    expect(urlOf(await run(supportRoleGuard))).toBe('/sign-in-problem');
    expect(auth.loginWithRedirect).not.toHaveBeenCalled();
  });

  it('sends a user whose access token has no session start to the sign-in problem page', async () => {
    const auth = createFakeAuth({ idClaims: { ...ANA_CLAIMS }, token: () => of(fakeJwt({ sub: 'auth0|ana', org_id: 'org_A', iat: 1_800_000_000 })) });
    setUp(auth);
    expect(urlOf(await run(supportRoleGuard))).toBe('/sign-in-problem');
    expect(auth.loginWithRedirect).not.toHaveBeenCalled();
  });

  it('uses the roles claim named in the runtime configuration', async () => {
    const auth = createFakeAuth({ idClaims: { sub: 'x', 'https://example.com/roles': ['support'] } });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: RUNTIME_CONFIG, useValue: { ...TEST_CONFIG, rolesClaim: 'https://example.com/roles' } },
        provideFakeAuth(auth),
      ],
    });
    expect(await run(supportRoleGuard)).toBe(true);
  });

  it('starts the sign-in for a signed-out user, coming back to the page asked for', async () => {
    const auth = createFakeAuth({ authenticated: false, idClaims: null });
    setUp(auth);
    expect(await run(supportRoleGuard, '/settings/audit')).toBe(false);
    expect(auth.loginWithRedirect).toHaveBeenCalledWith({ appState: { target: '/settings/audit' } });
  });
});

describe('signedInGuard', () => {
  it('lets any signed-in user in, whatever their roles', async () => {
    setUp(createFakeAuth({ idClaims: { ...CARLA_CLAIMS } }));
    expect(await run(signedInGuard, '/access-restricted')).toBe(true);
  });

  it('starts the sign-in for a signed-out user', async () => {
    const auth = createFakeAuth({ authenticated: false, idClaims: null });
    setUp(auth);
    expect(await run(signedInGuard, '/access-restricted')).toBe(false);
    expect(auth.loginWithRedirect).toHaveBeenCalledTimes(1);
  });
});

describe('startPageGuard', () => {
  it('shows the start page to a signed-out user', async () => {
    setUp(createFakeAuth({ authenticated: false, idClaims: null }));
    expect(await run(startPageGuard, '/')).toBe(true);
  });

  it('takes a signed-in user to the settings', async () => {
    setUp(createFakeAuth());
    expect(urlOf(await run(startPageGuard, '/'))).toBe('/settings/twilio');
  });
});
