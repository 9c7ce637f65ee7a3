import { AbstractControl, FormControl, FormGroup, NonNullableFormBuilder, ValidatorFn } from '@angular/forms';
import type { TwilioRegion, TwilioSettingsUpsert, TwilioSettingsView } from '@twilio-config/shared';
import { E164_EXAMPLE, TWILIO_REGION_EDGE_PAIRS, twilioSidExample } from '@twilio-config/shared';
import { RuleViolation, e164Rule, requiredRule, twilioSecretRule, twilioSidRule } from './form-rules';

export type TwilioSettingsForm = FormGroup<{
  accountSid: FormControl<string>;
  authToken: FormControl<string>;
  fromNumber: FormControl<string>;
  messagingServiceSid: FormControl<string>;
  conversationsServiceSid: FormControl<string>;
  apiKeySid: FormControl<string>;
  apiKeySecret: FormControl<string>;
  /** One select for the region and its edge (a pair of TWILIO_REGION_EDGE_PAIRS), '' for Twilio's default (US1). */
  regionEdge: FormControl<TwilioRegion | ''>;
}>;

export type TwilioSettingsFormValue = ReturnType<TwilioSettingsForm['getRawValue']>;

/** What the server keeps that the form never shows: only whether the secrets exist. */
export interface StoredSecrets {
  readonly hasAuthToken: boolean;
  readonly hasApiKeySecret: boolean;
  readonly apiKeySid: string | null;
}

export const NO_STORED_SECRETS: StoredSecrets = { hasAuthToken: false, hasApiKeySecret: false, apiKeySid: null };

export function storedSecretsOf(view: TwilioSettingsView | null | undefined): StoredSecrets {
  if (!view?.configured) return NO_STORED_SECRETS;
  return { hasAuthToken: view.hasAuthToken, hasApiKeySecret: view.hasApiKeySecret, apiKeySid: view.apiKeySid };
}

const trimmed = (control: AbstractControl): string => (typeof control.value === 'string' ? control.value.trim() : '');

/** The Auth Token may be left empty to keep the stored one; without one stored it is required. */
function authTokenRule(stored: () => StoredSecrets): ValidatorFn {
  return (control) =>
    trimmed(control) === '' && !stored().hasAuthToken
      ? {
          required: {
            message: 'Auth Token is required: copy the 32 letters and digits from the Twilio Console (Account info)',
          } satisfies RuleViolation,
        }
      : null;
}

/** A key secret belongs to a key SID: one without the other cannot be used. */
function apiKeySidRule(): ValidatorFn {
  return (control) => {
    const secret = control.parent?.get('apiKeySecret');
    if (trimmed(control) !== '' || !secret || trimmed(secret) === '') return null;
    return {
      apiKeyPair: { message: `Enter the API Key SID this secret belongs to, e.g. ${twilioSidExample('apiKey')}` } satisfies RuleViolation,
    };
  };
}

function apiKeySecretRule(stored: () => StoredSecrets): ValidatorFn {
  return (control) => {
    const sid = trimmed(control.parent?.get('apiKeySid') ?? control);
    if (control.parent === null || sid === '' || trimmed(control) !== '') return null;
    const { hasApiKeySecret, apiKeySid } = stored();
    if (hasApiKeySecret && apiKeySid === sid) return null;
    return {
      required: {
        message: `API Key secret is required for a new API Key SID: Twilio shows it once, when the key is created`,
      } satisfies RuleViolation,
    };
  };
}

/** The Twilio tab's form, validated as the user types with the API's own rules. */
export function createTwilioSettingsForm(fb: NonNullableFormBuilder, stored: () => StoredSecrets): TwilioSettingsForm {
  const form: TwilioSettingsForm = fb.group({
    accountSid: fb.control('', [requiredRule('Account SID', twilioSidExample('account')), twilioSidRule('account')]),
    authToken: fb.control('', [authTokenRule(stored), twilioSecretRule('Auth Token')]),
    fromNumber: fb.control('', [requiredRule('From number', E164_EXAMPLE), e164Rule('From number')]),
    messagingServiceSid: fb.control('', [twilioSidRule('messagingService')]),
    conversationsServiceSid: fb.control('', [twilioSidRule('conversationsService')]),
    apiKeySid: fb.control('', [twilioSidRule('apiKey'), apiKeySidRule()]),
    apiKeySecret: fb.control('', [apiKeySecretRule(stored), twilioSecretRule('API Key secret')]),
    regionEdge: fb.control<TwilioRegion | ''>(''),
  });
  const { apiKeySid, apiKeySecret } = form.controls;
  apiKeySid.valueChanges.subscribe(() => apiKeySecret.updateValueAndValidity({ emitEvent: false }));
  apiKeySecret.valueChanges.subscribe(() => apiKeySid.updateValueAndValidity({ emitEvent: false }));
  return form;
}

/**
 * The form's content for what is stored. Secrets are never filled in, and the Account SID
 * neither: the API only ever answers it masked.
 */
export function formValueFor(view: TwilioSettingsView | null | undefined): TwilioSettingsFormValue {
  return {
    accountSid: '',
    authToken: '',
    fromNumber: view?.fromNumber ?? '',
    messagingServiceSid: view?.messagingServiceSid ?? '',
    conversationsServiceSid: view?.conversationsServiceSid ?? '',
    apiKeySid: view?.apiKeySid ?? '',
    apiKeySecret: '',
    regionEdge: TWILIO_REGION_EDGE_PAIRS.find((pair) => pair.region === view?.region && pair.edge === view?.edge)?.region ?? '',
  };
}

/** The POST body: trimmed, with empty optional fields (and secrets left empty to keep them) left out. */
export function toSettingsUpsert(value: TwilioSettingsFormValue): TwilioSettingsUpsert {
  const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim());
  const body: TwilioSettingsUpsert = {
    accountSid: value.accountSid.trim(),
    authToken: optional(value.authToken),
    fromNumber: value.fromNumber.trim(),
    messagingServiceSid: optional(value.messagingServiceSid),
    conversationsServiceSid: optional(value.conversationsServiceSid),
    apiKeySid: optional(value.apiKeySid),
    apiKeySecret: optional(value.apiKeySecret),
    ...regionEdgeOf(value.regionEdge),
  };
  return Object.fromEntries(Object.entries(body).filter(([, field]) => field !== undefined)) as TwilioSettingsUpsert;
}

/** The API wants the edge and the region together: both from the pair chosen, or neither. */
function regionEdgeOf(region: TwilioRegion | ''): Pick<TwilioSettingsUpsert, 'edge' | 'region'> {
  const pair = TWILIO_REGION_EDGE_PAIRS.find((candidate) => candidate.region === region);
  return pair ? { edge: pair.edge, region: pair.region } : {};
}
