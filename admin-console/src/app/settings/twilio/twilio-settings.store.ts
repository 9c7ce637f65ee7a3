import { Injectable, computed, inject, signal } from '@angular/core';
import type { AuthTokenRotationView, TestSmsRequest, TestSmsResult, TwilioSettingsUpsert, TwilioSettingsView } from '@twilio-config/shared';
import { Observable, firstValueFrom } from 'rxjs';
import { ApiProblem, describeApiError } from '../../api/api-problem';
import { TwilioConfigApi } from '../../api/twilio-config-api';

/** A write's outcome: the value, or the problem to show. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

async function outcomeOf<T>(call: Observable<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await firstValueFrom(call, { defaultValue: undefined as T }) };
  } catch (error) {
    return { ok: false, problem: describeApiError(error) };
  }
}

/**
 * The Twilio tab's state: the organization's settings as the API last answered them, and the
 * writes. Each section keeps its own progress and result; `revision` tells the sections that
 * read Twilio's live state (webhook status, health) to read it again after a change.
 */
@Injectable()
export class TwilioSettingsStore {
  private readonly api = inject(TwilioConfigApi);
  private readonly resource = this.api.settingsResource();

  readonly apiOrigin = this.api.apiOrigin;
  readonly isLoading = this.resource.isLoading;
  readonly settings = computed<TwilioSettingsView | null>(() => (this.resource.hasValue() ? (this.resource.value() ?? null) : null));
  readonly loadProblem = computed<ApiProblem | null>(() => {
    const error = this.resource.error();
    return error ? describeApiError(error) : null;
  });
  readonly revision = signal(0);
  /** Bumped when the form must show what is stored even over unsaved edits (after a save or delete). */
  readonly formResets = signal(0);

  reload(): void {
    this.resource.reload();
    this.revision.update((value) => value + 1);
  }

  async save(body: TwilioSettingsUpsert): Promise<Outcome<TwilioSettingsView | null>> {
    const outcome = this.afterWrite(await outcomeOf(this.api.saveSettings(body)));
    if (outcome.ok) this.formResets.update((value) => value + 1);
    return outcome;
  }

  async setEnabled(enabled: boolean): Promise<Outcome<TwilioSettingsView | null>> {
    return this.afterWrite(await outcomeOf(this.api.setEnabled(enabled)));
  }

  async delete(): Promise<Outcome<void>> {
    const outcome = this.afterWrite(await outcomeOf(this.api.deleteSettings()));
    if (outcome.ok) this.formResets.update((value) => value + 1);
    return outcome;
  }

  async configureWebhook(webhookUrl?: string): Promise<Outcome<unknown>> {
    return this.afterWrite(await outcomeOf(this.api.configureWebhook(webhookUrl)));
  }

  /** Rotation steps: each reads the settings (and the sections that follow Twilio) again afterwards. */
  async startRotation(): Promise<Outcome<AuthTokenRotationView>> {
    return this.afterWrite(await outcomeOf(this.api.startRotation()));
  }

  async promoteRotation(): Promise<Outcome<AuthTokenRotationView>> {
    return this.afterWrite(await outcomeOf(this.api.promoteRotation()));
  }

  async cancelRotation(): Promise<Outcome<void>> {
    return this.afterWrite(await outcomeOf(this.api.cancelRotation()));
  }

  /** Reapplies the stored webhook in Twilio. */
  async repairWebhook(): Promise<Outcome<unknown>> {
    return this.afterWrite(await outcomeOf(this.api.repairWebhook()));
  }

  sendTestSms(body: TestSmsRequest): Promise<Outcome<TestSmsResult>> {
    return outcomeOf(this.api.sendTestSms(body));
  }

  /** A successful write shows the view it answered, or reads the settings again. */
  private afterWrite<T>(outcome: Outcome<T>): Outcome<T> {
    if (!outcome.ok) {
      // A conflict means the settings changed elsewhere (another tab, another person): show them as they are.
      if (outcome.problem.status === 409) this.reload();
      return outcome;
    }
    const view = outcome.value;
    if (typeof view === 'object' && view !== null && 'configured' in view) {
      this.resource.set(view as unknown as TwilioSettingsView);
      this.revision.update((value) => value + 1);
    } else {
      this.reload();
    }
    return outcome;
  }
}
