import { HttpClient, HttpResourceRef, httpResource } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  AUDIT_LIMIT_MAX,
  type AuditList,
  type AuthTokenRotationView,
  type WebhookDriftView,
  type MessageDeliveryView,
  type OptOutList,
  type TestSmsRequest,
  type TestSmsResult,
  type TwilioHealthReport,
  type TwilioSettingsToggle,
  type TwilioSettingsUpsert,
  type TwilioSettingsView,
  type WebhookConfigureRequest,
  type WebhookStatus,
} from '@twilio-config/shared';
import { Observable, map } from 'rxjs';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';

/** A reply that is the settings view (the API answers writes with it), or null where it is not. */
function asSettingsView(body: unknown): TwilioSettingsView | null {
  return typeof body === 'object' && body !== null && 'configured' in body ? (body as TwilioSettingsView) : null;
}

/**
 * The API's `/api/twilio-config` routes (Swagger UI at `/api/docs`). Reads are `httpResource`s (they must be created
 * in an injection context, e.g. a field initializer); writes are one-shot observables.
 */
@Injectable({ providedIn: 'root' })
export class TwilioConfigApi {
  private readonly http = inject(HttpClient);
  readonly apiOrigin = inject(RUNTIME_CONFIG).apiOrigin;
  private readonly base = `${this.apiOrigin}/api/twilio-config`;

  settingsResource(): HttpResourceRef<TwilioSettingsView | undefined> {
    return httpResource<TwilioSettingsView>(() => `${this.base}/settings`);
  }

  /** `key` returns undefined while the status should not be read; a new key reads it again. */
  webhookStatusResource(key: () => unknown): HttpResourceRef<WebhookStatus | undefined> {
    return httpResource<WebhookStatus>(() => (key() === undefined ? undefined : `${this.base}/webhook/status`));
  }

  healthResource(key: () => unknown): HttpResourceRef<TwilioHealthReport | undefined> {
    return httpResource<TwilioHealthReport>(() => (key() === undefined ? undefined : `${this.base}/health`));
  }

  /** The Auth Token rotation's state (`GET …/auth-token/rotation`). */
  rotationResource(key: () => unknown): HttpResourceRef<AuthTokenRotationView | undefined> {
    return httpResource<AuthTokenRotationView>(() => (key() === undefined ? undefined : `${this.base}/auth-token/rotation`));
  }

  /** The webhook drift the scheduled reconciliation last recorded. */
  webhookDriftResource(key: () => unknown): HttpResourceRef<WebhookDriftView | undefined> {
    return httpResource<WebhookDriftView>(() => (key() === undefined ? undefined : `${this.base}/webhook/drift`));
  }

  auditResource(limit: () => number): HttpResourceRef<AuditList | undefined> {
    return httpResource<AuditList>(() => ({ url: `${this.base}/audit`, params: { limit: Math.min(limit(), AUDIT_LIMIT_MAX) } }));
  }

  saveSettings(body: TwilioSettingsUpsert): Observable<TwilioSettingsView | null> {
    return this.http.post<unknown>(`${this.base}/settings`, body).pipe(map(asSettingsView));
  }

  setEnabled(enabled: boolean): Observable<TwilioSettingsView | null> {
    const body: TwilioSettingsToggle = { enabled };
    return this.http.put<unknown>(`${this.base}/settings/toggle`, body).pipe(map(asSettingsView));
  }

  deleteSettings(): Observable<void> {
    return this.http.delete<void>(`${this.base}/settings`);
  }

  configureWebhook(webhookUrl?: string): Observable<unknown> {
    const body: WebhookConfigureRequest = webhookUrl ? { webhookUrl } : {};
    return this.http.post<unknown>(`${this.base}/webhook/configure`, body);
  }

  startRotation(): Observable<AuthTokenRotationView> {
    return this.http.post<AuthTokenRotationView>(`${this.base}/auth-token/rotation`, {});
  }

  promoteRotation(): Observable<AuthTokenRotationView> {
    return this.http.post<AuthTokenRotationView>(`${this.base}/auth-token/rotation/promote`, {});
  }

  cancelRotation(): Observable<void> {
    return this.http.delete<void>(`${this.base}/auth-token/rotation`);
  }

  repairWebhook(): Observable<WebhookDriftView> {
    return this.http.post<WebhookDriftView>(`${this.base}/webhook/repair`, {});
  }

  sendTestSms(body: TestSmsRequest): Observable<TestSmsResult> {
    return this.http.post<TestSmsResult>(`${this.base}/test/sms`, body);
  }

  /** A sent message's delivery as Twilio last reported it (read again and again while it is on its way). */
  messageDelivery(sid: string): Observable<MessageDeliveryView> {
    return this.http.get<MessageDeliveryView>(`${this.base}/test/sms/${encodeURIComponent(sid)}`);
  }

  optOutsResource(): HttpResourceRef<OptOutList | undefined> {
    return httpResource<OptOutList>(() => `${this.base}/opt-outs`);
  }

  removeOptOut(phoneNumber: string): Observable<void> {
    return this.http.delete<void>(`${this.base}/opt-outs/${encodeURIComponent(phoneNumber)}`);
  }
}
