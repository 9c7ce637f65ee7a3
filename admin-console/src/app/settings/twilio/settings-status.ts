import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleChange, MatSlideToggleModule } from '@angular/material/slide-toggle';
import { firstValueFrom } from 'rxjs';
import { ApiProblem } from '../../api/api-problem';
import { Session } from '../../auth/session';
import { Badge } from '../../ui/badge';
import { Icon } from '../../ui/icon';
import { ProblemAlert } from '../../ui/problem-alert';
import { DeleteSettingsDialog, DeleteSettingsDialogData } from './delete-settings-dialog';
import { TwilioSettingsStore } from './twilio-settings.store';

/** Where the settings stand: the badges, when Twilio last validated them, the switch and delete. */
@Component({
  selector: 'tc-settings-status',
  imports: [DatePipe, MatButtonModule, MatSlideToggleModule, MatProgressBarModule, Badge, Icon, ProblemAlert],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 id="status-heading" class="tc-section-title">Status</h3>
    @if (settings(); as view) {
      <ul class="tc-badges" aria-label="Settings status">
        <li>
          <tc-badge [tone]="view.configured ? 'ok' : 'off'">{{ view.configured ? 'Configured' : 'Not configured' }}</tc-badge>
        </li>
        @if (view.configured) {
          <li>
            <tc-badge [tone]="view.validated ? 'ok' : 'warn'">{{ view.validated ? 'Validated' : 'Not validated' }}</tc-badge>
          </li>
          <li>
            <tc-badge [tone]="view.enabled ? 'ok' : 'off'">{{ view.enabled ? 'Enabled' : 'Disabled' }}</tc-badge>
          </li>
        }
      </ul>

      @if (view.configured) {
        <dl class="tc-facts">
          @if (view.accountSidMasked) {
            <dt>Account</dt>
            <dd>{{ view.accountSidMasked }}</dd>
          }
          <dt>Validated</dt>
          <dd>
            @if (view.validatedAt) {
              <time [attr.datetime]="view.validatedAt">{{ view.validatedAt | date: 'medium' }}</time> by Twilio
            } @else {
              Not yet: save the credentials to have Twilio check them
            }
          </dd>
          @if (view.updatedAt) {
            <dt>Last change</dt>
            <dd>
              <time [attr.datetime]="view.updatedAt">{{ view.updatedAt | date: 'medium' }}</time>
              @if (view.updatedBy) {
                by {{ view.updatedBy === userSubject() ? 'you' : view.updatedBy }}
              }
            </dd>
          }
        </dl>
      } @else {
        <p class="tc-muted">
          @switch (view.credentialSource) {
            @case ('environment') {
              Your organization has no settings of its own: the server's development credentials are used for now.
              Save your organization's credentials below.
            }
            @default {
              Your organization has no Twilio settings yet: nothing is sent. Enter the credentials below.
            }
          }
        </p>
      }

      @if (view.configured && !view.enabled && view.credentialSource === 'environment') {
        <p class="tc-alert tc-alert--warn">While these settings are disabled, the server's development credentials are used.</p>
      }

      @if (view.configured) {
        <div class="tc-toggle-row">
          <mat-slide-toggle
            [checked]="view.enabled"
            [disabled]="busy()"
            (change)="setEnabled($event)"
            aria-describedby="enabled-hint"
          >
            Enabled
          </mat-slide-toggle>
          <span id="enabled-hint" class="tc-muted">
            {{ view.enabled ? 'SMS and webhooks use these settings.' : 'Off: nothing is sent with these settings.' }}
          </span>
        </div>
      }

      @if (busy()) {
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="busyLabel()" />
      }
      @if (problem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      }
      @if (notice(); as notice) {
        <p class="tc-alert tc-alert--success" role="status">{{ notice }}</p>
      }

      @if (view.configured) {
        <div class="tc-actions">
          <button mat-stroked-button class="tc-danger-outline" type="button" (click)="confirmDelete()" [disabled]="busy()">
            <tc-icon name="delete" /> Delete settings
          </button>
        </div>
      }
    }
  `,
})
export class SettingsStatus {
  private readonly store = inject(TwilioSettingsStore);
  private readonly dialog = inject(MatDialog);
  private readonly session = inject(Session);

  protected readonly settings = this.store.settings;
  protected readonly userSubject = computed(() => this.session.user()?.subject);
  protected readonly busy = signal(false);
  protected readonly busyLabel = signal('');
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly notice = signal<string | null>(null);

  protected async setEnabled(change: MatSlideToggleChange): Promise<void> {
    this.start(change.checked ? 'Enabling the settings' : 'Disabling the settings');
    const outcome = await this.store.setEnabled(change.checked);
    this.busy.set(false);
    if (outcome.ok) {
      this.notice.set(change.checked ? 'Enabled: SMS and webhooks use these settings again.' : 'Disabled: nothing is sent with these settings.');
    } else {
      change.source.checked = !change.checked;
      this.problem.set(outcome.problem);
    }
  }

  protected async confirmDelete(): Promise<void> {
    const view = this.settings();
    const data: DeleteSettingsDialogData = {
      organization: this.session.user()?.orgLabel ?? 'your organization',
      accountSidMasked: view?.accountSidMasked ?? null,
    };
    const ref = this.dialog.open<DeleteSettingsDialog, DeleteSettingsDialogData, boolean>(DeleteSettingsDialog, {
      data,
      role: 'alertdialog',
      autoFocus: 'first-tabbable',
      restoreFocus: true,
    });
    if (!(await firstValueFrom(ref.afterClosed()))) return;
    this.start('Deleting the settings');
    const outcome = await this.store.delete();
    this.busy.set(false);
    if (outcome.ok) this.notice.set('Deleted: the settings are disabled and the stored secrets erased.');
    else this.problem.set(outcome.problem);
  }

  private start(label: string): void {
    this.problem.set(null);
    this.notice.set(null);
    this.busyLabel.set(label);
    this.busy.set(true);
  }
}
