import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { SMS_BODY_MAX_LENGTH, type TestSmsResult } from '@twilio-config/shared';
import { ApiProblem } from '../../api/api-problem';
import { Icon } from '../../ui/icon';
import { ProblemAlert } from '../../ui/problem-alert';
import { E164_EXAMPLE } from '@twilio-config/shared';
import { e164Rule, firstRuleMessage, requiredRule, smsBodyRule } from './form-rules';
import { MessageDeliveryStatus } from './message-delivery-status';
import { TwilioSettingsStore } from './twilio-settings.store';

/** Sends one SMS through the organization's settings and shows what Twilio answered, then how delivery goes. */
@Component({
  selector: 'tc-test-sms-section',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, Icon, ProblemAlert, MessageDeliveryStatus],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h3 id="test-sms-heading" class="tc-section-title">Test SMS</h3>
    <p class="tc-muted">
      Sends a real message through your organization's settings{{ settings()?.fromNumber ? ' from ' + settings()?.fromNumber : '' }}.
      Test messages count towards your organization's limit of a few a minute.
    </p>
    @if (settings()?.configured && !settings()?.enabled && settings()?.credentialSource !== 'environment') {
      <p class="tc-alert tc-alert--warn">The settings are disabled: Twilio will not be asked to send until they are enabled again.</p>
    }

    <form [formGroup]="form" (ngSubmit)="send()" novalidate aria-labelledby="test-sms-heading" [attr.aria-busy]="sending()">
      <div class="tc-field-grid">
        <mat-form-field>
          <mat-label>To</mat-label>
          <input matInput formControlName="to" type="tel" autocomplete="off" [placeholder]="example" />
          <mat-hint>E.164, e.g. {{ example }}</mat-hint>
          <mat-error>{{ messageFor('to') }}</mat-error>
        </mat-form-field>
        <mat-form-field class="tc-wide">
          <mat-label>Message</mat-label>
          <textarea matInput formControlName="body" rows="2" [maxLength]="maxLength"></textarea>
          <mat-hint align="end">{{ form.controls.body.value.length }} / {{ maxLength }}</mat-hint>
          <mat-error>{{ messageFor('body') }}</mat-error>
        </mat-form-field>
      </div>
      @if (sending()) {
        <mat-progress-bar mode="indeterminate" aria-label="Sending the test SMS" />
      }
      <div aria-live="polite">
        @if (result(); as sent) {
          <p class="tc-alert tc-alert--success" role="status">
            Twilio accepted the message: SID <code>{{ sent.sid }}</code>, status <strong>{{ sent.status }}</strong>.
          </p>
        }
      </div>
      @if (result(); as sent) {
        <tc-message-delivery-status [sid]="sent.sid" />
      }
      @if (problem(); as problem) {
        <tc-problem-alert [problem]="problem" />
      }
      <div class="tc-actions">
        <button mat-flat-button type="submit" [disabled]="sending()"><tc-icon name="send" /> Send Test SMS</button>
      </div>
    </form>
  `,
})
export class TestSmsSection {
  private readonly store = inject(TwilioSettingsStore);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly settings = this.store.settings;
  protected readonly example = E164_EXAMPLE;
  protected readonly maxLength = SMS_BODY_MAX_LENGTH;
  protected readonly form = this.fb.group({
    to: this.fb.control('', [requiredRule('To', E164_EXAMPLE), e164Rule('To')]),
    body: this.fb.control('Test message from the Twilio configuration console.', [smsBodyRule()]),
  });
  protected readonly sending = signal(false);
  protected readonly result = signal<TestSmsResult | null>(null);
  protected readonly problem = signal<ApiProblem | null>(null);

  protected messageFor(field: 'to' | 'body'): string | null {
    return firstRuleMessage(this.form.controls[field].errors);
  }

  protected async send(): Promise<void> {
    this.result.set(null);
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { to, body } = this.form.getRawValue();
    this.sending.set(true);
    const outcome = await this.store.sendTestSms({ to: to.trim(), body });
    this.sending.set(false);
    if (outcome.ok) this.result.set(outcome.value);
    else this.problem.set(outcome.problem);
  }
}
