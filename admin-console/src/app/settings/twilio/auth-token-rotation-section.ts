import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AuthTokenRotationState, AuthTokenRotationView } from '@twilio-config/shared';
import { ApiProblem, describeApiError } from '../../api/api-problem';
import { TwilioConfigApi } from '../../api/twilio-config-api';
import { Badge, type BadgeTone } from '../../ui/badge';
import { ProblemAlert } from '../../ui/problem-alert';
import { Outcome, TwilioSettingsStore } from './twilio-settings.store';

/** What a support person can do with the rotation in each state. */
export type RotationAction = 'start' | 'promote' | 'cancel' | 'resume';

/** The steps offered in a state: an interrupted step (`…ing`) can be resumed or cancelled, unless it was a cancellation. */
export function rotationActions(state: AuthTokenRotationState): RotationAction[] {
  switch (state) {
    case 'none':
    case 'promoted':
      return ['start'];
    case 'started':
      return ['promote', 'cancel'];
    case 'starting':
    case 'promoting':
      return ['resume', 'cancel'];
    case 'cancelling':
      return ['resume'];
  }
}

export const ROTATION_STATE_LABELS: Readonly<Record<AuthTokenRotationState, { label: string; tone: BadgeTone }>> = {
  none: { label: 'No rotation', tone: 'off' },
  starting: { label: 'Start interrupted', tone: 'warn' },
  started: { label: 'New token ready', tone: 'info' },
  promoting: { label: 'Promotion interrupted', tone: 'warn' },
  promoted: { label: 'Rotated', tone: 'ok' },
  cancelling: { label: 'Cancellation interrupted', tone: 'warn' },
};

/** The rotation's state in a sentence (times as the browser's locale shows them). */
export function describeRotation(view: AuthTokenRotationView, formatTime: (iso: string) => string): string {
  switch (view.state) {
    case 'none':
      return 'Twilio signs webhooks with the current Auth Token. Start a rotation to have Twilio create a new one.';
    case 'starting':
      return 'Creating the new token in Twilio was interrupted. Resume to create it again, or cancel.';
    case 'started':
      return `Twilio created a new token${view.startedAt ? ` at ${formatTime(view.startedAt)}` : ''}; both work until you promote it. Promote it to make it the Auth Token, or cancel to delete it.`;
    case 'promoting':
      return 'The promotion was interrupted. Resume to finish it (Twilio is asked which token it accepts, so nothing is promoted twice), or cancel if Twilio has not promoted yet.';
    case 'promoted':
      return view.previousTokenAccepted && view.graceEndsAt
        ? `The new token is the Auth Token. Webhooks signed with the previous one are still accepted until ${formatTime(view.graceEndsAt)}.`
        : `The new token is the Auth Token${view.promotedAt ? ` since ${formatTime(view.promotedAt)}` : ''}; the previous one is no longer accepted.`;
    case 'cancelling':
      return 'Deleting the new token was interrupted. Resume to finish the cancellation.';
  }
}

/** Auth Token rotation: start (Twilio creates a secondary token), promote, cancel, resume an interrupted step. */
@Component({
  selector: 'tc-auth-token-rotation-section',
  imports: [MatButtonModule, MatProgressBarModule, Badge, ProblemAlert],
  providers: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 id="rotation-heading" class="tc-section-title">Auth Token rotation</h3>
    <div aria-live="polite">
      @if (rotation.isLoading() && !view()) {
        <mat-progress-bar mode="indeterminate" aria-label="Reading the rotation" />
      } @else if (loadProblem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      } @else if (view(); as current) {
        <tc-badge [tone]="badge().tone">{{ badge().label }}</tc-badge>
        <p class="tc-muted">{{ describe(current) }}</p>
        @if (working()) {
          <mat-progress-bar mode="indeterminate" aria-label="Asking Twilio" />
        }
        @if (problem(); as problem) {
          <tc-problem-alert [problem]="problem" />
        }
        <div class="tc-actions">
          @for (action of actions(); track action) {
            @switch (action) {
              @case ('start') {
                <button mat-flat-button type="button" [disabled]="working()" (click)="run('start')">Start rotation</button>
              }
              @case ('promote') {
                <button mat-flat-button type="button" [disabled]="working()" (click)="run('promote')">Promote new token</button>
              }
              @case ('resume') {
                <button mat-flat-button type="button" [disabled]="working()" (click)="run('resume')">Resume</button>
              }
              @case ('cancel') {
                <button mat-stroked-button type="button" [disabled]="working()" (click)="run('cancel')">Cancel rotation</button>
              }
            }
          }
        </div>
      }
    </div>
  `,
})
export class AuthTokenRotationSection {
  private readonly store = inject(TwilioSettingsStore);
  private readonly dates = inject(DatePipe);
  protected readonly rotation = inject(TwilioConfigApi).rotationResource(() => this.store.revision());
  protected readonly view = computed(() => (this.rotation.hasValue() ? (this.rotation.value() ?? null) : null));
  protected readonly loadProblem = computed<ApiProblem | null>(() => {
    const error = this.rotation.error();
    return error ? describeApiError(error) : null;
  });
  /** An answer from an API older or newer than this console is read as no rotation. */
  private readonly state = computed<AuthTokenRotationState>(() => {
    const state = this.view()?.state;
    return state && state in ROTATION_STATE_LABELS ? state : 'none';
  });
  protected readonly actions = computed(() => rotationActions(this.state()));
  protected readonly badge = computed(() => ROTATION_STATE_LABELS[this.state()]);
  protected readonly working = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected describe(view: AuthTokenRotationView): string {
    return describeRotation({ ...view, state: this.state() }, (iso) => this.dates.transform(iso, 'medium') ?? iso);
  }

  protected async run(action: RotationAction): Promise<void> {
    this.problem.set(null);
    this.working.set(true);
    const outcome = await this.call(action);
    this.working.set(false);
    if (!outcome.ok) {
      this.problem.set(outcome.problem);
      // A failed step keeps its intent on the server: show where the rotation stands now.
      this.rotation.reload();
    }
  }

  private call(action: RotationAction): Promise<Outcome<unknown>> {
    const state = this.state();
    if (action === 'start' || (action === 'resume' && state === 'starting')) return this.store.startRotation();
    if (action === 'promote' || (action === 'resume' && state === 'promoting')) return this.store.promoteRotation();
    return this.store.cancelRotation();
  }
}
