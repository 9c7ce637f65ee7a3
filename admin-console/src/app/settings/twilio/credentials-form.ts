import { ChangeDetectionStrategy, Component, ElementRef, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { TWILIO_REGION_EDGE_PAIRS } from '@twilio-config/shared';
import { ApiProblem } from '../../api/api-problem';
import { Icon } from '../../ui/icon';
import { ProblemAlert } from '../../ui/problem-alert';
import { E164_EXAMPLE, twilioSidExample } from '@twilio-config/shared';
import { firstRuleMessage } from './form-rules';
import { API_KEY_KINDS_LINE, RESTRICTED_KEY_NEEDS } from '../../api/twilio-capabilities';
import { TwilioSettingsStore } from './twilio-settings.store';
import {
  TwilioSettingsForm,
  createTwilioSettingsForm,
  formValueFor,
  storedSecretsOf,
  toSettingsUpsert,
} from './twilio-settings-form';

type FieldName = keyof TwilioSettingsForm['controls'];

/** The credentials: validated as the user types, then by Twilio when saved. */
@Component({
  selector: 'tc-credentials-form',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatButtonModule,
    MatProgressBarModule,
    Icon,
    ProblemAlert,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './credentials-form.html',
  styleUrl: './credentials-form.scss',
})
export class CredentialsForm {
  private readonly store = inject(TwilioSettingsStore);
  private readonly host: ElementRef<HTMLElement> = inject(ElementRef);
  private readonly formDirective = viewChild(FormGroupDirective);

  protected readonly settings = this.store.settings;
  protected readonly stored = computed(() => storedSecretsOf(this.settings()));
  protected readonly form: TwilioSettingsForm = createTwilioSettingsForm(inject(NonNullableFormBuilder), () =>
    storedSecretsOf(this.store.settings()),
  );
  protected readonly regionEdgePairs = TWILIO_REGION_EDGE_PAIRS;
  protected readonly apiKeyKinds = API_KEY_KINDS_LINE;
  protected readonly restrictedKeyNeeds = RESTRICTED_KEY_NEEDS.join(', ');
  protected readonly examples = {
    account: twilioSidExample('account'),
    messagingService: twilioSidExample('messagingService'),
    conversationsService: twilioSidExample('conversationsService'),
    apiKey: twilioSidExample('apiKey'),
    e164: E164_EXAMPLE,
  };

  protected readonly showAuthToken = signal(false);
  protected readonly showApiKeySecret = signal(false);
  protected readonly saving = signal(false);
  protected readonly problem = signal<ApiProblem | null>(null);
  protected readonly invalidCount = signal(0);
  protected readonly savedMessage = signal<string | null>(null);

  constructor() {
    let resetsSeen = -1;
    effect(() => {
      const view = this.store.settings();
      const resets = this.store.formResets();
      untracked(() => {
        // Unsaved edits survive a refresh of the settings, but not a save or a delete.
        if (resets !== resetsSeen || !this.form.dirty) this.resetTo(formValueFor(view));
        resetsSeen = resets;
      });
    });
  }

  protected messageFor(field: FieldName): string | null {
    return firstRuleMessage(this.form.controls[field].errors);
  }

  protected async save(): Promise<void> {
    this.problem.set(null);
    this.savedMessage.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.invalidCount.set(Object.values(this.form.controls).filter((control) => control.invalid).length);
      this.focusFirstInvalid();
      return;
    }
    this.invalidCount.set(0);
    this.saving.set(true);
    const outcome = await this.store.save(toSettingsUpsert(this.form.getRawValue()));
    this.saving.set(false);
    if (outcome.ok) {
      this.showAuthToken.set(false);
      this.showApiKeySecret.set(false);
      this.savedMessage.set('Saved. Twilio accepted the credentials.');
      return;
    }
    this.problem.set(outcome.problem);
    // The API names edge or region; the form has one select for the pair.
    const named = outcome.problem.field === 'edge' || outcome.problem.field === 'region' ? 'regionEdge' : outcome.problem.field;
    const field = named as FieldName | null;
    const control = field ? this.form.controls[field] : undefined;
    if (control) {
      control.setErrors({ ...control.errors, server: { message: outcome.problem.message } });
      control.markAsTouched();
    }
  }

  protected discard(): void {
    this.problem.set(null);
    this.savedMessage.set(null);
    this.invalidCount.set(0);
    this.resetTo(formValueFor(this.settings()));
  }

  /** Also forgets that the form was submitted, so the emptied fields do not show as errors. */
  private resetTo(value: ReturnType<typeof formValueFor>): void {
    const directive = this.formDirective();
    if (directive?.form) directive.resetForm(value);
    else this.form.reset(value);
  }

  private focusFirstInvalid(): void {
    // After this change detection, so the error states are rendered before focus moves.
    setTimeout(() => this.host.nativeElement.querySelector<HTMLElement>('.ng-invalid[formControlName]')?.focus());
  }
}
