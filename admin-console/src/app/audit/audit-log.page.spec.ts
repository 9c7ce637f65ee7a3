import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { TEST_CONFIG, createFakeAuth, provideFakeAuth } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { AuditLogPage } from './audit-log.page';

const AUDIT = `${TEST_CONFIG.apiOrigin}/api/twilio-config/audit`;

describe(AuditLogPage.name, () => {
  let fixture: ComponentFixture<AuditLogPage>;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AuditLogPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG },
        provideFakeAuth(createFakeAuth()),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogPage);
  });

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }
  const text = () => (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ') ?? '';

  it('lists who changed what and when, newest first, with field names only', async () => {
    await settle();
    const request = backend.expectOne((candidate) => candidate.url === AUDIT);
    expect(request.request.params.get('limit')).toBe('50');
    request.flush({
      items: [
        { at: '2026-11-24T10:05:00.000Z', actor: 'auth0|ana', action: 'settings.saved', fields: ['accountSid', 'authToken', 'fromNumber'] },
        { at: '2026-11-24T10:00:00.000Z', actor: 'auth0|someone-else', action: 'sms.test_sent', fields: [] },
      ],
    });
    await settle();
    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll('tr[mat-row]');
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain('You');
    expect(rows[0].textContent).toContain('Saved the settings');
    expect(rows[0].textContent).toContain('Account SID, Auth Token, From number');
    expect(rows[1].textContent).toContain('auth0|someone-else');
    expect(rows[1].textContent).toContain('Sent a test SMS');
  });

  it('says so when nothing was recorded yet', async () => {
    await settle();
    backend.expectOne((candidate) => candidate.url === AUDIT).flush({ items: [] });
    await settle();
    expect(text()).toContain('No changes recorded yet');
  });

  it('explains an error', async () => {
    await settle();
    backend
      .expectOne((candidate) => candidate.url === AUDIT)
      .flush({ statusCode: 403, code: 'FORBIDDEN', message: 'no' }, { status: 403, statusText: 'Forbidden' });
    await settle();
    expect(text()).toContain('does not have the "support" role');
  });
});
