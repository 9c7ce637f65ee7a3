import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import {
  CONVERSATIONS_WEBHOOK_FILTERS,
  CONVERSATIONS_WEBHOOK_PATH,
  type WebhookMismatchReason,
  type WebhookStatus,
} from '@twilio-config/shared';
import { ApiProblem, describeApiError } from '../../api/api-problem';
import { TwilioConfigApi } from '../../api/twilio-config-api';
import { Badge } from '../../ui/badge';
import { Icon } from '../../ui/icon';
import { ProblemAlert } from '../../ui/problem-alert';
import { firstRuleMessage, requiredRule, webhookUrlRule } from './form-rules';
import { TwilioSettingsStore } from './twilio-settings.store';

/**
 * Why Twilio's webhook differs from what is stored, in words: with the two values where useful when
 * the status is at hand (the webhook section), without them otherwise (the health panel).
 */
export function describeWebhookReason(reason: WebhookMismatchReason, status?: WebhookStatus): string {
  const twilio = status?.twilio;
  switch (reason) {
    case 'not_set':
      return 'Twilio has no webhook set for this Conversations Service yet.';
    case 'url_mismatch':
      return status
        ? `Twilio posts to ${twilio?.url ?? 'no URL'}, not to ${status.stored.url ?? 'the URL stored here'}.`
        : 'Twilio posts to another URL than the one stored here.';
    case 'method_mismatch':
      return status
        ? `Twilio uses ${twilio?.method ?? 'no method'} instead of ${status.stored.method ?? 'POST'}.`
        : 'Twilio uses another HTTP method than POST.';
    case 'filters_mismatch': {
      if (!status) return 'Twilio sends other events than expected.';
      const wanted = status.stored.filters.length > 0 ? status.stored.filters : [...CONVERSATIONS_WEBHOOK_FILTERS];
      const actual = twilio?.filters ?? [];
      const missing = wanted.filter((filter) => !actual.includes(filter));
      const extra = actual.filter((filter) => !wanted.includes(filter));
      const parts = [
        missing.length > 0 ? `missing ${missing.join(', ')}` : '',
        extra.length > 0 ? `also sends ${extra.join(', ')}` : '',
      ].filter(Boolean);
      return `Twilio sends other events than expected${parts.length > 0 ? `: ${parts.join('; ')}` : ''}.`;
    }
  }
}

/** The Conversations webhook: the URL it will set, "Configure Webhook in Twilio", and Twilio's live state. */
@Component({
  selector: 'tc-webhook-section',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, Badge, Icon, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 id="webhook-heading" class="tc-section-title">Conversations webhook</h3>
    <p class="tc-muted">
      Twilio calls this URL when something happens in the Conversations Service {{ settings()?.conversationsServiceSid }}:
      {{ filters.join(', ') }}.
    </p>

    <form [formGroup]="form" (ngSubmit)="configure()" novalidate aria-labelledby="webhook-heading">
      <mat-form-field class="tc-wide">
        <mat-label>Webhook URL</mat-label>
        <input matInput formControlName="url" type="url" autocomplete="off" spellcheck="false" />
        <mat-hint>{{ urlHint() }}</mat-hint>
        <mat-error>{{ urlMessage() }}</mat-error>
      </mat-form-field>
      @if (configuring()) {
        <mat-progress-bar mode="indeterminate" aria-label="Configuring the webhook in Twilio" />
      }
      @if (problem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      }
      <div class="tc-actions">
        <button mat-flat-button type="submit" [disabled]="configuring()">Configure Webhook in Twilio</button>
      </div>
    </form>

    <div class="tc-subsection" aria-live="polite">
      <h4 class="tc-subsection-title">
        Status in Twilio
        <button mat-icon-button type="button" (click)="status.reload()" [disabled]="status.isLoading()" aria-label="Check the webhook status again">
          <tc-icon name="refresh" />
        </button>
      </h4>
      @if (status.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Reading the webhook from Twilio" />
        <p class="tc-muted">Asking Twilio…</p>
      } @else if (statusProblem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      } @else if (statusValue(); as current) {
        @if (current.inSync) {
          <tc-badge tone="ok">In sync</tc-badge>
          <p class="tc-muted">Twilio posts to {{ current.twilio?.url }} with the expected events.</p>
        } @else {
          <tc-badge tone="warn">Not in sync</tc-badge>
          <ul class="tc-reasons">
            @for (reason of current.reasons; track reason) {
              <li>{{ describe(reason, current) }}</li>
            } @empty {
              <li>Twilio's webhook differs from what is stored.</li>
            }
          </ul>
          <p class="tc-muted">"Configure Webhook in Twilio" sets it as shown above.</p>
        }
      }
    </div>
  `,
})
export class WebhookSection {
  private readonly store = inject(TwilioSettingsStore);
  private readonly api = inject(TwilioConfigApi);

  protected readonly settings = this.store.settings;
  protected readonly filters = CONVERSATIONS_WEBHOOK_FILTERS;
  /** The URL the API would use by default; the stored one wins where there is one. */
  private readonly defaultUrl = `${this.store.apiOrigin}${CONVERSATIONS_WEBHOOK_PATH}`;
  private readonly proposedUrl = computed(() => this.settings()?.webhook.url ?? this.defaultUrl);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({ url: this.fb.control('', [requiredRule('Webhook URL'), webhookUrlRule('Webhook URL')]) });
  private readonly url = this.form.controls.url;

  protected readonly status = this.api.webhookStatusResource(() => this.store.revision());
  protected readonly statusValue = computed(() => (this.status.hasValue() ? (this.status.value() ?? null) : null));
  protected readonly statusProblem = computed<ApiProblem | null>(() => {
    const error = this.status.error();
    return error ? describeApiError(error) : null;
  });

  protected readonly configuring = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly urlHint = computed(() =>
    this.settings()?.webhook.url ? 'The URL stored for your organization' : 'The API\u2019s public webhook address',
  );

  constructor() {
    effect(() => {
      const proposed = this.proposedUrl();
      untracked(() => {
        if (!this.url.dirty) this.url.reset(proposed);
      });
    });
  }

  protected urlMessage(): string | null {
    return firstRuleMessage(this.url.errors);
  }

  protected describe(reason: WebhookMismatchReason, status: WebhookStatus): string {
    return describeWebhookReason(reason, status);
  }

  protected async configure(): Promise<void> {
    this.problem.set(null);
    if (this.url.invalid) {
      this.url.markAsTouched();
      return;
    }
    const value = this.url.value.trim();
    this.configuring.set(true);
    // The API's default (its PUBLIC_BASE_URL) is the better guess than ours unless one was chosen.
    const chosen = this.url.dirty || this.settings()?.webhook.url ? value : undefined;
    const outcome = await this.store.configureWebhook(chosen);
    this.configuring.set(false);
    if (outcome.ok) this.url.markAsPristine();
    else this.problem.set(outcome.problem);
  }
}
