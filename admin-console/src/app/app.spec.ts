import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ANA_CLAIMS, FakeAuth, TEST_CONFIG, createFakeAuth, provideFakeAuth } from '../testing/fake-auth';
import { App } from './app';
import { RUNTIME_CONFIG } from './runtime-config/runtime-config';

describe(App.name, () => {
  let auth: FakeAuth;

  async function render(fake: FakeAuth): Promise<HTMLElement> {
    auth = fake;
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter([]), { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG }, provideFakeAuth(fake)],
    });
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('shows the product title', async () => {
    const page = await render(createFakeAuth({ authenticated: false, idClaims: null }));
    expect(page.querySelector('h1')?.textContent).toContain('Twilio configuration');
  });

  it('shows the signed-in user\u2019s name and organization, and signs out', async () => {
    const page = await render(createFakeAuth({ idClaims: { ...ANA_CLAIMS } }));
    const header = page.querySelector('header')!;
    expect(header.textContent).toContain('Ana Support');
    expect(header.textContent).toContain('org_A');
    [...header.querySelectorAll('button')].find((button) => button.textContent?.includes('Sign out'))!.click();
    expect(auth.logout).toHaveBeenCalledTimes(1);
  });

  it('shows no user and no sign-out when signed out', async () => {
    const page = await render(createFakeAuth({ authenticated: false, idClaims: null }));
    expect(page.querySelector('header')?.textContent).not.toContain('Sign out');
  });

  it('offers a skip link to the main content', async () => {
    const page = await render(createFakeAuth({ authenticated: false, idClaims: null }));
    expect(page.querySelector('a.tc-skip-link')?.getAttribute('href')).toBe('#main');
    expect(page.querySelector('main#main')).not.toBeNull();
  });
});
