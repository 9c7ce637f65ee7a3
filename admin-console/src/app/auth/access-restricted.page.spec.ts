import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { CARLA_CLAIMS, FakeAuth, TEST_CONFIG, createFakeAuth, provideFakeAuth } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { AccessRestrictedPage } from './access-restricted.page';

describe(AccessRestrictedPage.name, () => {
  let auth: FakeAuth;

  async function render(): Promise<HTMLElement> {
    auth = createFakeAuth({ idClaims: { ...CARLA_CLAIMS } });
    TestBed.configureTestingModule({
      imports: [AccessRestrictedPage],
      providers: [provideRouter([]), { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG }, provideFakeAuth(auth)],
    });
    const fixture = TestBed.createComponent(AccessRestrictedPage);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('says which role is needed and how it is granted', async () => {
    const page = await render();
    const text = page.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(page.querySelector('h2')?.textContent).toContain('Access Restricted');
    expect(text).toContain('Carla Viewer');
    expect(text).toContain('"support" role');
    expect(text).toContain('Your roles: viewer');
    expect(text).toContain('Auth0 Dashboard');
    expect(text).toContain('Roles');
    expect(text).toContain('Sign out and sign in again');
  });

  it('shows no settings form', async () => {
    const page = await render();
    expect(page.querySelector('form, input')).toBeNull();
  });

  it('signs the user out from the page', async () => {
    const page = await render();
    page.querySelector<HTMLButtonElement>('button')!.click();
    expect(auth.logout).toHaveBeenCalledTimes(1);
  });
});
