import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { ErrorStateMatcher, MATERIAL_ANIMATIONS, ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import type { TwilioSettingsView } from '@twilio-config/shared';
import { TEST_CONFIG, createFakeAuth, provideFakeAuth } from '../../../testing/fake-auth';
import { AUTH_TOKEN, EMPTY_VIEW, HEX32, STORED_VIEW } from '../../../testing/settings-fixtures';
import { apiAuthInterceptor } from '../../auth/api-auth.interceptor';
import { RUNTIME_CONFIG } from '../../runtime-config/runtime-config';
import { TwilioSettingsPage } from './twilio-settings.page';

const BASE = `${TEST_CONFIG.apiOrigin}/api/twilio-config`;

describe(TwilioSettingsPage.name, () => {
  let fixture: ComponentFixture<TwilioSettingsPage>;
  let backend: HttpTestingController;
  let page: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [TwilioSettingsPage],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([apiAuthInterceptor])),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG },
        provideFakeAuth(createFakeAuth()),
        { provide: ErrorStateMatcher, useClass: ShowOnDirtyErrorStateMatcher },
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TwilioSettingsPage);
    page = fixture.nativeElement as HTMLElement;
  });

  /** Runs change detection and effects, lets promises settle, and renders again (pending HTTP calls keep whenStable waiting). */
  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }

  /** Answers the settings read, and the health/webhook reads the page makes next. */
  async function open(view: TwilioSettingsView): Promise<void> {
    await settle();
    backend.expectOne(`${BASE}/settings`).flush(view);
    await settle();
    backend.match(`${BASE}/health`).forEach((request) => request.flush({ healthy: true, checks: [] }));
    backend
      .match(`${BASE}/webhook/status`)
      .forEach((request) =>
        request.flush({ stored: { url: null, method: null, filters: [] }, twilio: null, inSync: false, reasons: ['not_set'] }),
      );
    await settle();
  }

  const input = (name: string): HTMLInputElement => page.querySelector<HTMLInputElement>(`[formcontrolname="${name}"]`)!;
  async function type(name: string, value: string): Promise<void> {
    const element = input(name);
    element.value = value;
    element.dispatchEvent(new Event('input'));
    element.dispatchEvent(new Event('blur'));
    await settle();
  }
  const text = (): string => page.textContent?.replace(/\s+/g, ' ') ?? '';
  const button = (label: string): HTMLButtonElement =>
    [...page.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes(label))!;

  it('shows a loading state, then the settings', async () => {
    await settle();
    expect(text()).toContain('Loading your organization');
    backend.expectOne(`${BASE}/settings`).flush(EMPTY_VIEW);
    await settle();
    expect(text()).toContain('Not configured');
    expect(text()).toContain('Save & Validate Credentials');
  });

  it('shows the badges and when Twilio validated the settings', async () => {
    await open(STORED_VIEW);
    const badges = [...page.querySelectorAll('tc-badge')].map((badge) => badge.textContent?.trim());
    expect(badges).toEqual(expect.arrayContaining(['Configured', 'Validated', 'Enabled']));
    expect(page.querySelector('time[datetime="2026-11-24T10:00:00.000Z"]')).not.toBeNull();
  });

  it('never fills the Auth Token: it says "stored" and may be left empty', async () => {
    await open(STORED_VIEW);
    expect(input('authToken').value).toBe('');
    expect(input('authToken').type).toBe('password');
    expect(text()).toContain('Stored. Leave empty to keep it.');
    expect(input('fromNumber').value).toBe('+61412345678');
  });

  it('explains Main, Standard and Restricted keys in one line, with the permissions a Restricted key needs', async () => {
    await open(STORED_VIEW);
    const line = page.querySelector('[data-testid="api-key-kinds"]')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(line).toMatch(/Main keys .*Standard keys.*Restricted keys/);
    expect(line).toContain('/twilio/messaging/messages/create');
    expect(line).toContain('/twilio/phone-numbers/active-numbers/list');
  });

  it('offers the region and its edge as one choice, showing the stored pair', async () => {
    await open(STORED_VIEW);
    expect(page.querySelector('[formcontrolname="edge"]')).toBeNull();
    expect(page.querySelector('[formcontrolname="region"]')).toBeNull();
    expect(page.querySelector('[formcontrolname="regionEdge"]')?.textContent).toContain('Australia (AU1) through Sydney');
  });

  it('shows and hides the Auth Token', async () => {
    await open(EMPTY_VIEW);
    const toggle = page.querySelector<HTMLButtonElement>('button[aria-label="Show Auth Token"]')!;
    toggle.click();
    await settle();
    expect(input('authToken').type).toBe('text');
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect(toggle.getAttribute('aria-label')).toBe('Hide Auth Token');
  });

  it('checks the from number as the user types, with an example of right', async () => {
    await open(EMPTY_VIEW);
    await type('fromNumber', '0412 345 678');
    expect(text()).toContain('From number must be in E.164 format');
    expect(text()).toContain('e.g. +61412345678');
    await type('fromNumber', '+61412345678');
    expect(text()).not.toContain('From number must be in E.164 format');
  });

  it('does not send an invalid form, and says how many fields need attention', async () => {
    await open(EMPTY_VIEW);
    button('Save & Validate Credentials').click();
    await settle();
    backend.expectNone(`${BASE}/settings`);
    expect(text()).toContain('fields need attention');
  });

  it('saves, shows progress, then the Validated badge and an empty Auth Token', async () => {
    await open(EMPTY_VIEW);
    await type('accountSid', 'AC' + HEX32);
    await type('authToken', AUTH_TOKEN);
    await type('fromNumber', '+61412345678');
    button('Save & Validate Credentials').click();
    await settle();
    const save: TestRequest = backend.expectOne({ method: 'POST', url: `${BASE}/settings` });
    expect(save.request.body).toEqual({ accountSid: 'AC' + HEX32, authToken: AUTH_TOKEN, fromNumber: '+61412345678' });
    expect(save.request.headers.get('Authorization')).toBe('Bearer cached-token');
    expect(text()).toContain('Checking the credentials with Twilio');
    save.flush({ ...STORED_VIEW, conversationsServiceSid: null });
    await settle();
    backend.match(() => true).filter((request) => !request.cancelled).forEach((request) => request.flush({ healthy: true, checks: [] }));
    await settle();
    expect(text()).toContain('Saved. Twilio accepted the credentials.');
    expect(text()).toContain('Validated');
    expect(input('authToken').value).toBe('');
    // The emptied Account SID is not flagged as an error just because the form was submitted.
    expect(input('accountSid').closest('mat-form-field')?.querySelector('mat-error')).toBeNull();
    expect(text()).toContain('Stored: AC…cdef. Enter the full Account SID to save changes.');
  });

  it('shows Twilio\u2019s refusal of wrong credentials, and keeps what was typed', async () => {
    await open(EMPTY_VIEW);
    await type('accountSid', 'AC' + HEX32);
    await type('authToken', AUTH_TOKEN);
    await type('fromNumber', '+61412345678');
    button('Save & Validate Credentials').click();
    await settle();
    backend
      .expectOne({ method: 'POST', url: `${BASE}/settings` })
      .flush(
        { statusCode: 422, code: 'INVALID_TWILIO_CREDENTIALS', message: 'Twilio rejected the credentials', twilioCode: 20003 },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
    await settle();
    const alert = page.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Twilio refused these credentials');
    expect(alert?.textContent).toContain('Nothing was saved');
    expect(input('accountSid').value).toBe('AC' + HEX32);
    expect(text()).toContain('Not configured');
  });

  it('puts an error the API ties to a field under that field', async () => {
    await open(EMPTY_VIEW);
    await type('accountSid', 'AC' + HEX32);
    await type('authToken', AUTH_TOKEN);
    await type('fromNumber', '+61412345678');
    await type('messagingServiceSid', 'MG' + HEX32);
    button('Save & Validate Credentials').click();
    await settle();
    backend
      .expectOne({ method: 'POST', url: `${BASE}/settings` })
      .flush(
        { statusCode: 422, code: 'TWILIO_RESOURCE_NOT_FOUND', message: 'not found', field: 'messagingServiceSid' },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
    await settle();
    const field = input('messagingServiceSid').closest('mat-form-field')!;
    expect(field.querySelector('mat-error')?.textContent).toContain('Twilio does not know this Messaging Service SID');
  });

  it('offers the webhook only with a Conversations Service, with the default URL', async () => {
    await open({ ...STORED_VIEW, conversationsServiceSid: null });
    expect(text()).not.toContain('Configure Webhook in Twilio');
    fixture.destroy();

    fixture = TestBed.createComponent(TwilioSettingsPage);
    page = fixture.nativeElement as HTMLElement;
    await open(STORED_VIEW);
    expect(text()).toContain('Configure Webhook in Twilio');
    const url = page.querySelector<HTMLInputElement>('input[type="url"]')!;
    expect(url.value).toBe(`${TEST_CONFIG.apiOrigin}/api/twilio/conversations-webhook`);
    expect(text()).toContain('Not in sync');
    expect(text()).toContain('Twilio has no webhook set for this Conversations Service yet.');
  });

  it('configures the webhook in Twilio and shows the new status', async () => {
    await open(STORED_VIEW);
    button('Configure Webhook in Twilio').click();
    await settle();
    const configure = backend.expectOne({ method: 'POST', url: `${BASE}/webhook/configure` });
    // Untouched, the URL is the API's own default (its PUBLIC_BASE_URL): none is sent.
    expect(configure.request.body).toEqual({});
    const url = `${TEST_CONFIG.apiOrigin}/api/twilio/conversations-webhook`;
    const inSync = { url, method: 'POST', filters: ['onMessageAdded'] };
    configure.flush({ stored: inSync, twilio: inSync, inSync: true, reasons: [] });
    await settle();
    backend.expectOne(`${BASE}/settings`).flush({ ...STORED_VIEW, webhook: { url, enabled: true, configured: true } });
    await settle();
    backend.match(`${BASE}/health`).forEach((request) => request.flush({ healthy: true, checks: [] }));
    backend.match(`${BASE}/webhook/status`).forEach((request) => request.flush({ stored: inSync, twilio: inSync, inSync: true, reasons: [] }));
    await settle();
    expect(page.querySelector('tc-webhook-section tc-badge')?.textContent?.trim()).toBe('In sync');
  });

  it('sends a webhook URL the user chose', async () => {
    await open(STORED_VIEW);
    const field = page.querySelector<HTMLInputElement>('input[type="url"]')!;
    field.value = 'https://hooks.example.com/api/twilio/conversations-webhook';
    field.dispatchEvent(new Event('input'));
    await settle();
    button('Configure Webhook in Twilio').click();
    await settle();
    expect(backend.expectOne({ method: 'POST', url: `${BASE}/webhook/configure` }).request.body).toEqual({
      webhookUrl: 'https://hooks.example.com/api/twilio/conversations-webhook',
    });
  });

  it('switches the settings off and on', async () => {
    await open({ ...STORED_VIEW, conversationsServiceSid: null });
    page.querySelector<HTMLButtonElement>('mat-slide-toggle button')!.click();
    await settle();
    const toggle = backend.expectOne({ method: 'PUT', url: `${BASE}/settings/toggle` });
    expect(toggle.request.body).toEqual({ enabled: false });
    toggle.flush({ ...STORED_VIEW, conversationsServiceSid: null, enabled: false });
    await settle();
    backend.match(() => true).filter((request) => !request.cancelled).forEach((request) => request.flush({ healthy: true, checks: [] }));
    await settle();
    expect([...page.querySelectorAll('tc-badge')].map((badge) => badge.textContent?.trim())).toContain('Disabled');
    expect(text()).toContain('The settings are disabled');
  });

  it('deletes only after a confirmation that says what is erased, then shows an empty form', async () => {
    await open({ ...STORED_VIEW, conversationsServiceSid: null });
    button('Delete settings').click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container')!;
    expect(dialog.textContent).toContain('erases the stored secrets: the Auth Token and the API key secret');
    const confirm = [...dialog.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Delete settings'))!;
    confirm.click();
    await settle();
    backend.expectOne({ method: 'DELETE', url: `${BASE}/settings` }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    backend.expectOne(`${BASE}/settings`).flush(EMPTY_VIEW);
    await settle();
    backend.match(() => true).filter((request) => !request.cancelled).forEach((request) => request.flush({ healthy: false, checks: [] }));
    await settle();
    expect(text()).toContain('Not configured');
    expect(input('fromNumber').value).toBe('');
    expect(input('messagingServiceSid').value).toBe('');
  });

  it('does nothing when the deletion is cancelled', async () => {
    await open({ ...STORED_VIEW, conversationsServiceSid: null });
    button('Delete settings').click();
    await settle();
    const dialog = document.querySelector('mat-dialog-container')!;
    [...dialog.querySelectorAll('button')].find((candidate) => candidate.textContent?.includes('Cancel'))!.click();
    await settle();
    expect(document.querySelector('mat-dialog-container')).toBeNull();
    backend.expectNone({ method: 'DELETE', url: `${BASE}/settings` });
    expect(text()).toContain('Configured');
  });

  describe('Test SMS', () => {
    async function sendTo(to: string): Promise<TestRequest> {
      await open({ ...STORED_VIEW, conversationsServiceSid: null });
      await type('to', to);
      button('Send Test SMS').click();
      await settle();
      return backend.expectOne({ method: 'POST', url: `${BASE}/test/sms` });
    }

    it('sends and shows the message SID and status Twilio answered', async () => {
      const send = await sendTo('+61400000001');
      expect(send.request.body).toEqual({ to: '+61400000001', body: 'Test message from the Twilio configuration console.' });
      send.flush({ sid: 'SM' + HEX32, status: 'queued' });
      await settle();
      expect(text()).toContain(`Twilio accepted the message: SID SM${HEX32}, status queued.`);
    });

    it('shows Twilio\u2019s refusal in plain words with its code', async () => {
      const send = await sendTo('+15005550001');
      send.flush(
        { statusCode: 422, code: 'TWILIO_REJECTED', message: "The 'To' number +15005550001 is not a valid phone number.", twilioCode: 21211 },
        { status: 422, statusText: 'Unprocessable Entity' },
      );
      await settle();
      expect(text()).toContain('The "To" number is not a valid phone number. (Twilio error 21211)');
      expect(page.querySelector<HTMLAnchorElement>('a[href="https://www.twilio.com/docs/errors/21211"]')).not.toBeNull();
    });

    it('explains a refusal because the settings are disabled', async () => {
      const send = await sendTo('+61400000001');
      send.flush({ statusCode: 409, code: 'DISABLED', message: 'disabled' }, { status: 409, statusText: 'Conflict' });
      await settle();
      expect(text()).toContain('Twilio settings are disabled for your organization, so nothing is sent.');
      backend.match(() => true).filter((request) => !request.cancelled).forEach((request) => request.flush(STORED_VIEW));
    });

    it('checks the number before sending', async () => {
      await open({ ...STORED_VIEW, conversationsServiceSid: null });
      await type('to', '0400 000 001');
      expect(text()).toContain('To must be in E.164 format');
      button('Send Test SMS').click();
      await settle();
      backend.expectNone(`${BASE}/test/sms`);
    });
  });
});
