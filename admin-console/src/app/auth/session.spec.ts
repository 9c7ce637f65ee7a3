import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom, of } from 'rxjs';
import { ANA_CLAIMS, FakeAuth, TEST_CONFIG, createFakeAuth, fakeJwt, provideFakeAuth } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { Session } from './session';

describe(Session.name, () => {
  let auth: FakeAuth;

  function setUp(fake: FakeAuth): Session {
    auth = fake;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG },
        provideFakeAuth(fake),
      ],
    });
    return TestBed.inject(Session);
  }

  afterEach(() => vi.useRealTimers());

  it('shows the user\u2019s name and organization from the ID token', () => {
    const sut = setUp(createFakeAuth({ idClaims: { ...ANA_CLAIMS, org_name: 'Acme Logistics' } }));
    TestBed.tick();
    expect(sut.user()).toMatchObject({ name: 'Ana Support', orgId: 'org_A', orgLabel: 'Acme Logistics', subject: 'auth0|ana' });
  });

  it('falls back on the org id where the tenant sends no org name', () => {
    const sut = setUp(createFakeAuth());
    TestBed.tick();
    expect(sut.user()?.orgLabel).toBe('org_A');
  });

  describe('end', () => {
    it('forgets the tokens in memory and shows the "session ended" page, once', async () => {
      const sut = setUp(createFakeAuth());
      const router = TestBed.inject(Router);
      const navigate = vi.spyOn(router, 'navigateByUrl');
      sut.end('rejected');
      sut.end('renewal-failed');
      expect(auth.logout).toHaveBeenCalledTimes(1);
      expect(auth.logout).toHaveBeenCalledWith({ openUrl: false });
      expect(navigate).toHaveBeenCalledTimes(1);
      expect(navigate).toHaveBeenCalledWith('/session-ended');
      expect(sut.endReason()).toBe('rejected');
    });

    it('signs in again towards the page the user was on', async () => {
      const sut = setUp(createFakeAuth());
      await TestBed.inject(Router).navigateByUrl('/settings/audit');
      sut.end('rejected');
      sut.signIn();
      expect(auth.loginWithRedirect).toHaveBeenCalledWith({ appState: { target: '/settings/audit' } });
    });
  });

  it('ends the session SESSION_MAX_HOURS after sign-in, while the page stays open', () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T08:00:00Z') });
    const signedInAt = Date.parse('2026-11-25T00:00:00Z') / 1000;
    const sut = setUp(createFakeAuth({ token: () => of(fakeJwt({ sub: 'auth0|ana', org_id: 'org_A', 'https://twilio-config/auth_time': signedInAt })) }));
    TestBed.tick();
    vi.advanceTimersByTime(2 * 3600 * 1000 - 1000);
    expect(sut.endReason()).toBeNull();
    vi.advanceTimersByTime(2000);
    expect(sut.endReason()).toBe('max-age');
    expect(auth.logout).toHaveBeenCalledWith({ openUrl: false });
  });

  it('never counts the session from iat: a token without a session start schedules no end', () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T08:00:00Z') });
    const issuedAt = Date.parse('2026-11-25T00:00:00Z') / 1000;
    const sut = setUp(createFakeAuth({ token: () => of(fakeJwt({ sub: 'auth0|ana', org_id: 'org_A', iat: issuedAt })) }));
    TestBed.tick();
    vi.advanceTimersByTime(3 * 3600 * 1000);
    expect(sut.endReason()).toBeNull();
  });

  it('reports a sign-in problem the API named and shows its page', async () => {
    const sut = setUp(createFakeAuth());
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    sut.reportProblem('no-session-start');
    expect(navigate).toHaveBeenCalledWith('/sign-in-problem');
    expect(await firstValueFrom(sut.signInProblem())).toBe('no-session-start');
  });

  it('signs out through the provider, back to the console', () => {
    const sut = setUp(createFakeAuth());
    sut.signOut();
    expect(auth.logout).toHaveBeenCalledWith({ logoutParams: { returnTo: window.location.origin } });
  });
});
