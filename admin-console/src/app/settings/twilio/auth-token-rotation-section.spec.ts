import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';
import { AUTH_TOKEN_ROTATION_STATES, type AuthTokenRotationView } from '@twilio-config/shared';
import { TEST_CONFIG, createFakeAuth, provideFakeAuth } from '../../../testing/fake-auth';
import { apiAuthInterceptor } from '../../auth/api-auth.interceptor';
import { RUNTIME_CONFIG } from '../../runtime-config/runtime-config';
import { AuthTokenRotationSection, describeRotation, rotationActions } from './auth-token-rotation-section';
import { TwilioSettingsStore } from './twilio-settings.store';

const ROTATION = `${TEST_CONFIG.apiOrigin}/api/twilio-config/auth-token/rotation`;
const rotation = (patch: Partial<AuthTokenRotationView>): AuthTokenRotationView => ({
  state: 'none',
  startedAt: null,
  promotedAt: null,
  graceEndsAt: null,
  previousTokenAccepted: false,
  ...patch,
});
const asIs = (iso: string) => iso;

describe(rotationActions.name, () => {
  it('offers start when nothing is under way, promote or cancel once started, resume or cancel after an interruption', () => {
    expect(rotationActions('none')).toEqual(['start']);
    expect(rotationActions('promoted')).toEqual(['start']);
    expect(rotationActions('started')).toEqual(['promote', 'cancel']);
    expect(rotationActions('starting')).toEqual(['resume', 'cancel']);
    expect(rotationActions('promoting')).toEqual(['resume', 'cancel']);
    expect(rotationActions('cancelling')).toEqual(['resume']);
  });
});

describe(describeRotation.name, () => {
  it('says until when the previous token is still accepted after a promotion, and when it no longer is', () => {
    const promoted = rotation({ state: 'promoted', promotedAt: '2026-11-24T10:00:00Z', graceEndsAt: '2026-11-24T10:15:00Z' });
    expect(describeRotation({ ...promoted, previousTokenAccepted: true }, asIs)).toBe(
      'The new token is the Auth Token. Webhooks signed with the previous one are still accepted until 2026-11-24T10:15:00Z.',
    );
    expect(describeRotation(promoted, asIs)).toBe('The new token is the Auth Token since 2026-11-24T10:00:00Z; the previous one is no longer accepted.');
  });

  it('words every state', () => {
    for (const state of AUTH_TOKEN_ROTATION_STATES) expect(describeRotation(rotation({ state }), asIs)).toEqual(expect.any(String));
  });
});

describe(AuthTokenRotationSection.name, () => {
  let fixture: ComponentFixture<AuthTokenRotationSection>;
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AuthTokenRotationSection],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([apiAuthInterceptor])),
        provideHttpClientTesting(),
        { provide: RUNTIME_CONFIG, useValue: TEST_CONFIG },
        provideFakeAuth(createFakeAuth()),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        TwilioSettingsStore,
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuthTokenRotationSection);
  });

  async function settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
  }
  const text = () => (fixture.nativeElement as HTMLElement).textContent?.replace(/\s+/g, ' ') ?? '';
  const button = (label: string) => [...(fixture.nativeElement as HTMLElement).querySelectorAll('button')].find((b) => b.textContent?.includes(label));
  const answerReads = (view: AuthTokenRotationView) => {
    backend.match(ROTATION).filter((request) => !request.cancelled).forEach((request) => request.flush(view));
    backend.match(`${TEST_CONFIG.apiOrigin}/api/twilio-config/settings`).forEach((request) => request.flush(null));
  };

  it('starts a rotation, then offers to promote or cancel it', async () => {
    await settle();
    answerReads(rotation({}));
    await settle();
    expect(text()).toContain('No rotation');

    button('Start rotation')?.click();
    await settle();
    backend.expectOne({ method: 'POST', url: ROTATION }).flush(rotation({ state: 'started', startedAt: '2026-11-24T10:00:00Z' }));
    await settle();
    answerReads(rotation({ state: 'started', startedAt: '2026-11-24T10:00:00Z' }));
    await settle();

    expect(text()).toContain('New token ready');
    expect(button('Promote new token')).toBeTruthy();
    expect(button('Cancel rotation')).toBeTruthy();
  });

  it('resumes an interrupted promotion with the promote request, and shows the problem when Twilio fails', async () => {
    await settle();
    answerReads(rotation({ state: 'promoting', startedAt: '2026-11-24T10:00:00Z' }));
    await settle();
    expect(text()).toContain('Promotion interrupted');

    button('Resume')?.click();
    await settle();
    backend
      .expectOne({ method: 'POST', url: `${ROTATION}/promote` })
      .flush({ statusCode: 504, code: 'TWILIO_TIMEOUT', message: 'Twilio did not answer in time' }, { status: 504, statusText: 'Gateway Timeout' });
    await settle();
    answerReads(rotation({ state: 'promoting', startedAt: '2026-11-24T10:00:00Z' }));
    await settle();

    expect(text()).toContain('Twilio did not answer in time. Nothing was changed: try again.');
    expect(button('Resume')).toBeTruthy();
  });
});
