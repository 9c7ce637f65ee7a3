import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import {
  TWILIO_CAPABILITIES,
  WEBHOOK_MISMATCH_REASONS,
  type HealthCheck,
  type HealthCheckName,
  type HealthReason,
  type TwilioCapability,
  type WebhookDriftView,
  type WebhookMismatchReason,
  type WebhookStatus,
} from '@twilio-config/shared';
import { ApiProblem, describeApiError } from '../../api/api-problem';
import { TwilioConfigApi } from '../../api/twilio-config-api';
import { Badge } from '../../ui/badge';
import { Icon } from '../../ui/icon';
import { ProblemAlert } from '../../ui/problem-alert';
import { TwilioSettingsStore } from './twilio-settings.store';
import { missingCapabilityInWords } from '../../api/twilio-capabilities';
import { describeWebhookReason } from './webhook-section';

export const HEALTH_CHECK_LABELS: Readonly<Record<HealthCheckName, string>> = {
  credentials: 'Credentials accepted by Twilio',
  from_number: 'From number belongs to the account',
  messages: 'May send messages',
  messaging_service: 'Messaging Service found',
  conversations_service: 'Conversations Service found',
  webhook: 'Webhook in sync',
};

/**
 * Each reason code the API can answer, in words (the Record makes a missing code a compile error).
 * The webhook's own reasons are worded once, by the webhook section.
 */
export const HEALTH_REASON_WORDS: Readonly<Record<Exclude<HealthReason, WebhookMismatchReason>, string>> = {
  not_configured: 'Twilio is not configured for your organization: save the credentials first.',
  disabled: 'The Twilio settings are disabled: turn on "Enabled" to use them.',
  credentials_rejected: 'Twilio no longer accepts the stored credentials: check them in the Twilio Console and save them again.',
  permission_missing: 'The API key lacks a permission this needs: add it to the Restricted key, or use a Standard key.',
  account_not_active: 'The Twilio account is suspended or closed.',
  no_from_number: 'There is no from number or Messaging Service to send from.',
  from_number_not_owned: 'The from number is not a number of this Twilio account.',
  not_found_in_account: 'Twilio does not know this SID in this account.',
  twilio_rejected: 'Twilio refused the check.',
  twilio_rate_limited: 'Twilio is limiting requests from this account right now: check again in a minute.',
  twilio_unavailable: 'Twilio could not be reached: check again in a few minutes.',
  twilio_timeout: 'Twilio did not answer in time: check again.',
};

function isWebhookReason(reason: HealthReason): reason is WebhookMismatchReason {
  return (WEBHOOK_MISMATCH_REASONS as readonly string[]).includes(reason);
}

function isCapability(name: HealthCheckName): name is TwilioCapability {
  return (TWILIO_CAPABILITIES as readonly string[]).includes(name);
}

/** A failed check's reason in words; a webhook out of sync gets the way to mend it. */
export function healthReasonInWords(check: Pick<HealthCheck, 'name' | 'reason'>): string | null {
  if (!check.reason) return null;
  if (isWebhookReason(check.reason)) return `${describeWebhookReason(check.reason)} Use "Configure Webhook in Twilio" below.`;
  if (check.reason === 'permission_missing' && isCapability(check.name)) return missingCapabilityInWords(check.name);
  return HEALTH_REASON_WORDS[check.reason];
}

/** The drift as a webhook status, so each reason is worded with its values as the webhook section words it. */
export function driftAsWebhookStatus(drift: WebhookDriftView): WebhookStatus {
  return {
    stored: drift.stored ?? { url: null, method: null, filters: [] },
    twilio: drift.twilio,
    inSync: !drift.drifted,
    reasons: drift.reasons,
  };
}

/** The organization's Twilio health now, check by check, as `GET /api/twilio-config/health` reports it. */
@Component({
  selector: 'tc-health-panel',
  imports: [MatButtonModule, MatProgressBarModule, Badge, Icon, ProblemAlert, DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 id="health-heading" class="tc-section-title">
      Health
      <button mat-icon-button type="button" (click)="checkAgain()" [disabled]="health.isLoading()" aria-label="Check the health again">
        <tc-icon name="refresh" />
      </button>
    </h3>
    <div aria-live="polite">
      @if (health.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Checking with Twilio" />
        <p class="tc-muted">Checking with Twilio…</p>
      } @else if (problem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      } @else if (report(); as report) {
        <tc-badge [tone]="report.healthy ? 'ok' : 'warn'">{{ report.healthy ? 'Healthy' : 'Needs attention' }}</tc-badge>
        <ul class="tc-checks">
          @for (check of report.checks; track check.name) {
            <li [class.tc-check--failed]="!check.ok">
              <tc-icon [name]="check.ok ? 'checkCircle' : 'error'" />
              <span>
                <span class="tc-visually-hidden">{{ check.ok ? 'Passed:' : 'Failed:' }}</span>
                {{ label(check.name) }}
                @if (reason(check); as why) {
                  <span class="tc-muted"> — {{ why }}</span>
                }
              </span>
            </li>
          } @empty {
            <li>No checks apply yet: save the credentials first.</li>
          }
        </ul>
      }
      @if (drift(); as found) {
        @if (found.drifted) {
          <div class="tc-subsection" role="group" aria-labelledby="drift-heading">
            <h4 id="drift-heading" class="tc-subsection-title">Webhook changed in Twilio</h4>
            <p class="tc-muted">
              Found by the scheduled check{{ found.since ? ' since ' + (found.since | date: 'medium') : '' }}{{
                found.checkedAt ? '; last checked ' + (found.checkedAt | date: 'mediumTime') : ''
              }}.
            </p>
            <ul class="tc-reasons">
              @for (reason of found.reasons; track reason) {
                <li>{{ driftReason(reason, found) }}</li>
              }
            </ul>
            @if (repairing()) {
              <mat-progress-bar mode="indeterminate" aria-label="Repairing the webhook in Twilio" />
            }
            @if (repairProblem(); as problem) {
              <tc-problem-alert [problem]="problem" />
            }
            <div class="tc-actions">
              <button mat-flat-button type="button" [disabled]="repairing()" (click)="repair()">Repair</button>
              <span class="tc-muted">Sets the stored URL, method and events in Twilio again.</span>
            </div>
          </div>
        }
      }
    </div>
  `,
})
export class HealthPanel {
  private readonly store = inject(TwilioSettingsStore);
  protected readonly health = inject(TwilioConfigApi).healthResource(() => this.store.revision());
  protected readonly report = computed(() => (this.health.hasValue() ? (this.health.value() ?? null) : null));
  protected readonly problem = computed<ApiProblem | null>(() => {
    const error = this.health.error();
    return error ? describeApiError(error) : null;
  });

  protected readonly driftResource = inject(TwilioConfigApi).webhookDriftResource(() => this.store.revision());
  protected readonly drift = computed(() => (this.driftResource.hasValue() ? (this.driftResource.value() ?? null) : null));
  protected readonly repairing = signal(false);
  protected readonly repairProblem = signal<ApiProblem | null>(null);

  protected driftReason(reason: WebhookMismatchReason, drift: WebhookDriftView): string {
    return describeWebhookReason(reason, driftAsWebhookStatus(drift));
  }

  protected checkAgain(): void {
    this.health.reload();
    this.driftResource.reload();
  }

  protected async repair(): Promise<void> {
    this.repairProblem.set(null);
    this.repairing.set(true);
    const outcome = await this.store.repairWebhook();
    this.repairing.set(false);
    if (!outcome.ok) this.repairProblem.set(outcome.problem);
  }

  protected reason(check: HealthCheck): string | null {
    return healthReasonInWords(check);
  }

  protected label(name: string): string {
    return HEALTH_CHECK_LABELS[name as HealthCheckName] ?? name;
  }
}
