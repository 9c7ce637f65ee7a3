import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import {
  isDeliveryErrorCode,
  isFinalMessageStatus,
  type MessageDeliveryView,
  type MessageStatus,
} from '@twilio-config/shared';
import { exhaustMap, takeWhile, timer } from 'rxjs';
import { ApiProblem, describeApiError } from '../../api/api-problem';
import { TwilioConfigApi } from '../../api/twilio-config-api';
import { DELIVERY_ERRORS_IN_WORDS, twilioErrorDocsUrl } from '../../api/twilio-error-codes';
import { Badge, type BadgeTone } from '../../ui/badge';
import { ProblemAlert } from '../../ui/problem-alert';

/** How often the delivery is read while the message is on its way. */
export const DELIVERY_POLL_INTERVAL_MS = 2_000;
/** When to stop reading a message Twilio has not finished with (some carriers never confirm delivery). */
export const DELIVERY_POLL_LIMIT_MS = 120_000;

export const MESSAGE_STATUS_LABELS: Readonly<Record<MessageStatus, string>> = {
  accepted: 'Accepted',
  scheduled: 'Scheduled',
  canceled: 'Canceled',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent to the carrier',
  failed: 'Failed',
  delivered: 'Delivered',
  undelivered: 'Undelivered',
  partially_delivered: 'Partially delivered',
  read: 'Read',
};

const STATUS_TONES: Partial<Record<MessageStatus, BadgeTone>> = {
  delivered: 'ok',
  read: 'ok',
  failed: 'warn',
  undelivered: 'warn',
  canceled: 'off',
};

/** Twilio's error code for a message, in words: plain ones for the common codes, Twilio's title otherwise. */
export function deliveryErrorInWords(view: Pick<MessageDeliveryView, 'errorCode' | 'errorMessage'>): string | null {
  if (view.errorCode === null) return null;
  if (isDeliveryErrorCode(view.errorCode)) return DELIVERY_ERRORS_IN_WORDS[view.errorCode];
  return view.errorMessage ? `Twilio said: ${view.errorMessage}.` : 'Twilio gave no details for this error.';
}

/**
 * A sent message's delivery as Twilio reports it, read every two seconds until Twilio reports a final
 * status (or for two minutes at most), and no longer once the section is gone.
 */
@Component({
  selector: 'tc-message-delivery-status',
  imports: [DatePipe, MatButtonModule, Badge, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="tc-delivery" aria-labelledby="delivery-heading">
      <h4 id="delivery-heading" class="tc-delivery__title">
        Delivery
        @if (delivery(); as view) {
          <tc-badge [tone]="tone()">{{ label(view.status) }}</tc-badge>
        }
      </h4>
      <div aria-live="polite">
        @if (delivery(); as view) {
          <ol class="tc-delivery__steps">
            @for (event of view.history; track event.status) {
              <li>
                <span>{{ label(event.status) }}</span>
                <time class="tc-muted" [attr.datetime]="event.at">{{ event.at | date: 'mediumTime' }}</time>
              </li>
            }
            @if (watching()) {
              <li class="tc-muted">Waiting for Twilio's next status…</li>
            }
          </ol>
          @if (errorInWords(); as words) {
            <p class="tc-alert tc-alert--error" role="alert">
              <span>
                <strong>Twilio error {{ view.errorCode }}.</strong> {{ words }}
                <a [href]="docsUrl()" target="_blank" rel="noopener noreferrer">Twilio's page for this error</a>
              </span>
            </p>
          }
          @if (gaveUp()) {
            <p class="tc-muted">Twilio has not reported a final status yet; some carriers never confirm delivery.</p>
          }
        } @else if (!problem()) {
          <p class="tc-muted">Asking Twilio how the message is doing…</p>
        }
      </div>
      @if (problem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      }
      @if (problem() || gaveUp()) {
        <button mat-stroked-button type="button" (click)="checkAgain()">Check again</button>
      }
    </section>
  `,
  styles: `
    .tc-delivery { margin: 12px 0; }
    .tc-delivery__title { display: flex; align-items: center; gap: 8px; margin: 0 0 8px; font: var(--mat-sys-title-small); }
    .tc-delivery__steps { margin: 0; padding-left: 20px; }
    .tc-delivery__steps li { padding: 2px 0; }
    .tc-delivery__steps time { margin-left: 8px; }
  `,
})
export class MessageDeliveryStatus {
  private readonly api = inject(TwilioConfigApi);

  readonly sid = input.required<string>();
  protected readonly delivery = signal<MessageDeliveryView | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly gaveUp = signal(false);
  private readonly attempt = signal(0);

  protected readonly watching = computed(() => {
    const view = this.delivery();
    return view !== null && !isFinalMessageStatus(view.status) && !this.gaveUp() && !this.problem();
  });
  protected readonly tone = computed<BadgeTone>(() => STATUS_TONES[this.delivery()?.status ?? 'queued'] ?? 'info');
  protected readonly errorInWords = computed(() => {
    const view = this.delivery();
    return view ? deliveryErrorInWords(view) : null;
  });
  protected readonly docsUrl = computed(() => twilioErrorDocsUrl(this.delivery()?.errorCode ?? 0));

  constructor() {
    // One polling loop per SID (and per "Check again"); the effect's clean-up stops it when the SID
    // changes or the component is destroyed.
    effect((onCleanup) => {
      const sid = this.sid();
      this.attempt();
      untracked(() => {
        this.problem.set(null);
        this.gaveUp.set(false);
      });
      const startedAt = Date.now();
      const subscription = timer(0, DELIVERY_POLL_INTERVAL_MS)
        .pipe(
          exhaustMap(() => this.api.messageDelivery(sid)),
          takeWhile((view) => !isFinalMessageStatus(view.status) && Date.now() - startedAt < DELIVERY_POLL_LIMIT_MS, true),
        )
        .subscribe({
          next: (view) => {
            this.delivery.set(view);
            if (!isFinalMessageStatus(view.status) && Date.now() - startedAt >= DELIVERY_POLL_LIMIT_MS) this.gaveUp.set(true);
          },
          error: (error: unknown) => this.problem.set(describeApiError(error)),
        });
      onCleanup(() => subscription.unsubscribe());
    });
  }

  protected label(status: MessageStatus): string {
    return MESSAGE_STATUS_LABELS[status] ?? status;
  }

  protected checkAgain(): void {
    this.attempt.update((value) => value + 1);
  }
}
