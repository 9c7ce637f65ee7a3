import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { of } from 'rxjs';
import { ANA_CLAIMS, FakeAuth, TEST_CONFIG, createFakeAuth, fakeJwt, provideFakeAuth } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { SignInProblemPage } from './sign-in-problem.page';

describe(SignInProblemPage.name, () => {
  let auth: FakeAuth;

  async function render(accessClaims: Record<string, unknown>, config = TEST_CONFIG): Promise<HTMLElement> {
    auth = createFakeAuth({ idClaims: { ...ANA_CLAIMS }, token: () => of(fakeJwt(accessClaims)) });
    TestBed.configureTestingModule({
      imports: [SignInProblemPage],
      providers: [provideRouter([]), { provide: RUNTIME_CONFIG, useValue: config }, provideFakeAuth(auth)],
    });
    const fixture = TestBed.createComponent(SignInProblemPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const textOf = (page: HTMLElement) => page.textContent?.replace(/\s+/g, ' ') ?? '';

  it('names a sign-in without an organization and what an administrator must do', async () => {
    const page = await render({ sub: 'auth0|ana', 'https://twilio-config/auth_time': 1_800_000_000 });
    expect(page.querySelector('h2')?.textContent).toContain('Your sign-in has no organization');
    expect(textOf(page)).toContain('Ana Support');
    expect(textOf(page)).toContain('Organizations');
    expect(textOf(page)).toContain('Members');
  });

  it('names a sign-in without a session start, with the configured session length and the Action to deploy', async () => {
    const page = await render({ sub: 'auth0|ana', org_id: 'org_A', iat: 1_800_000_000 }, { ...TEST_CONFIG, sessionMaxHours: 8 });
    expect(page.querySelector('h2')?.textContent).toContain('Your sign-in does not say when it began');
    expect(textOf(page)).toContain('at most 8 hours');
    expect(textOf(page)).toContain('"session-claims"');
  });

  it('offers only to sign out: it never starts a sign-in by itself', async () => {
    const page = await render({ sub: 'auth0|ana' });
    const buttons = [...page.querySelectorAll('button')];
    expect(buttons.map((button) => button.textContent?.trim())).toEqual([expect.stringContaining('Sign out')]);
    expect(auth.loginWithRedirect).not.toHaveBeenCalled();
    buttons[0].click();
    expect(auth.logout).toHaveBeenCalledTimes(1);
  });
});
