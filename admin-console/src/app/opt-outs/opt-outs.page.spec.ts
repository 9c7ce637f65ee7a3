import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import type { OptOutList } from '@twilio-config/shared';
import { TEST_CONFIG } from '../../testing/fake-auth';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { OptOutsPage } from './opt-outs.page';

const BASE = `${TEST_CONFIG.apiOrigin}/api/twilio-config/opt-outs`;
const LIST: OptOutList = {
  items: [
    { phoneNumber: '+61400000001', since: '2026-11-24T10:00:00.000Z', source: 'keyword' },
    { phoneNumber: '+61400000002', since: '2026-11-23T10:00:00.000Z', source: 'twilio_21610' },
  ],
};

describe(OptOutsPage.name, () => {
  let fixture: ComponentFixture<OptOutsPage>;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [OptOutsPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OptOutsPage);
  });

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }
  const page = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const text = (): string => page().textContent?.replace(/\s+/g, ' ') ?? '';
  const dialogButton = (label: string): HTMLButtonElement =>
    [...document.querySelectorAll<HTMLButtonElement>('mat-dialog-container button')].find((button) => button.textContent?.trim() === label)!;

  /** By attribute value: the test DOM's selector engine trips over the "+" of a number. */
  const removeButton = (phoneNumber: string): HTMLButtonElement =>
    [...page().querySelectorAll<HTMLButtonElement>('button')].find((button) => button.getAttribute('aria-label') === `Remove ${phoneNumber}`)!;

  async function open(list: OptOutList = LIST): Promise<void> {
    await settle();
    backend.expectOne(BASE).flush(list);
    await settle();
  }

  it('lists the numbers with when and how they opted out', async () => {
    await open();
    const rows = [...page().querySelectorAll('tr[mat-row]')].map((row) => row.textContent?.replace(/\s+/g, ' ').trim());
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('+61400000001');
    expect(rows[0]).toContain('Texted an opt-out keyword');
    expect(rows[1]).toContain('Twilio refused to text it (error 21610)');
  });

  it('says when nobody opted out', async () => {
    await open({ items: [] });
    expect(text()).toContain('Nobody has opted out.');
  });

  it('removes a number only once the dialog is confirmed, then reads the list again', async () => {
    await open();
    removeButton('+61400000001').click();
    await settle();
    expect(document.querySelector('mat-dialog-container')?.textContent).toContain('Remove +61400000001 from the opt-out list?');

    dialogButton('Cancel').click();
    await settle();
    backend.expectNone({ method: 'DELETE' });

    removeButton('+61400000001').click();
    await settle();
    dialogButton('Remove').click();
    await settle();
    backend.expectOne({ method: 'DELETE', url: `${BASE}/%2B61400000001` }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    backend.expectOne(BASE).flush({ items: [LIST.items[1]] });
    await settle();
    expect(text()).toContain('+61400000001 was removed from the list.');
    expect(page().querySelectorAll('tr[mat-row]')).toHaveLength(1);
  });

  it("shows the API's problem when the removal fails", async () => {
    await open();
    removeButton('+61400000002').click();
    await settle();
    dialogButton('Remove').click();
    await settle();
    backend
      .expectOne({ method: 'DELETE', url: `${BASE}/%2B61400000002` })
      .flush({ statusCode: 404, code: 'NOT_FOUND', message: 'This number is not on the list.' }, { status: 404, statusText: 'Not Found' });
    await settle();
    backend.match(BASE).forEach((request) => request.flush({ items: [] }));
    await settle();
    expect(page().querySelector('tc-problem-alert')).not.toBeNull();
  });
});
