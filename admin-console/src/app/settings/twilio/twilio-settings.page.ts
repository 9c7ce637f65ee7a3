import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ProblemAlert } from '../../ui/problem-alert';
import { AuthTokenRotationSection } from './auth-token-rotation-section';
import { CredentialsForm } from './credentials-form';
import { HealthPanel } from './health-panel';
import { SettingsStatus } from './settings-status';
import { TestSmsSection } from './test-sms-section';
import { TwilioSettingsStore } from './twilio-settings.store';
import { WebhookSection } from './webhook-section';

/** The Twilio tab: status, credentials, Auth Token rotation, webhook, test SMS and health of the user's organization. */
@Component({
  selector: 'tc-twilio-settings-page',
  imports: [
    MatCardModule,
    MatButtonModule,
    MatProgressBarModule,
    ProblemAlert,
    SettingsStatus,
    HealthPanel,
    CredentialsForm,
    WebhookSection,
    TestSmsSection,
    AuthTokenRotationSection,
  ],
  providers: [TwilioSettingsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (settings(); as view) {
      <div class="tc-columns">
        <mat-card appearance="outlined" class="tc-card">
          <section aria-labelledby="status-heading"><tc-settings-status /></section>
        </mat-card>
        @if (usable()) {
          <mat-card appearance="outlined" class="tc-card">
            <section aria-labelledby="health-heading"><tc-health-panel /></section>
          </mat-card>
        }
      </div>
      <mat-card appearance="outlined" class="tc-card">
        <section><tc-credentials-form /></section>
      </mat-card>
      @if (view.configured) {
        <mat-card appearance="outlined" class="tc-card">
          <section aria-labelledby="rotation-heading"><tc-auth-token-rotation-section /></section>
        </mat-card>
      }
      @if (view.conversationsServiceSid) {
        <mat-card appearance="outlined" class="tc-card">
          <section aria-labelledby="webhook-heading"><tc-webhook-section /></section>
        </mat-card>
      }
      @if (usable()) {
        <mat-card appearance="outlined" class="tc-card">
          <section aria-labelledby="test-sms-heading"><tc-test-sms-section /></section>
        </mat-card>
      }
    } @else if (store.loadProblem(); as problem) {
      <tc-problem-alert [problem]="problem" />
      <button mat-stroked-button type="button" (click)="store.reload()">Try again</button>
    } @else {
      <div role="status" class="tc-loading">
        <mat-progress-bar mode="indeterminate" aria-label="Loading the settings" />
        <p class="tc-muted">Loading your organization's Twilio settings…</p>
      </div>
    }
  `,
})
export class TwilioSettingsPage {
  protected readonly store = inject(TwilioSettingsStore);
  protected readonly settings = this.store.settings;
  /** Something can be sent: the organization's own settings, or the server's development fallback. */
  protected readonly usable = computed(() => {
    const view = this.settings();
    return !!view && (view.configured || view.credentialSource === 'environment');
  });
}
