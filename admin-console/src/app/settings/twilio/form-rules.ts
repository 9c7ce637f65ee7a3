import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import {
  E164_RULE_MESSAGE,
  SMS_BODY_RULE_MESSAGE,
  TWILIO_SECRET_RULE_MESSAGE,
  TwilioSidKind,
  WEBHOOK_URL_RULE_MESSAGE,
  isE164,
  isSmsBody,
  isTwilioSecret,
  isTwilioSid,
  isWebhookUrl,
  twilioSidRuleMessage,
} from '@twilio-config/shared';

/**
 * Angular validators around the rules in `libs/shared`, the same functions the API's DTOs use.
 * Each error carries the message to show: what is wrong and an example of right.
 */
export interface RuleViolation {
  readonly message: string;
}

const text = (control: AbstractControl): string => (typeof control.value === 'string' ? control.value.trim() : '');

export function requiredRule(label: string, example?: string): ValidatorFn {
  const message = example ? `${label} is required, e.g. ${example}` : `${label} is required`;
  return (control) => (text(control) === '' ? { required: { message } satisfies RuleViolation } : null);
}

/** Empty passes (combine with requiredRule); otherwise the SID must fit its kind. */
export function twilioSidRule(kind: TwilioSidKind): ValidatorFn {
  return (control) => {
    const value = text(control);
    if (value === '' || isTwilioSid(kind, value)) return null;
    return { twilioSid: { message: twilioSidRuleMessage(kind) } satisfies RuleViolation };
  };
}

export function e164Rule(label: string): ValidatorFn {
  return (control) => {
    const value = text(control);
    if (value === '' || isE164(value)) return null;
    return { e164: { message: `${label} ${E164_RULE_MESSAGE}` } satisfies RuleViolation };
  };
}

export function twilioSecretRule(label: string): ValidatorFn {
  return (control) => {
    const value = text(control);
    if (value === '' || isTwilioSecret(value)) return null;
    return { twilioSecret: { message: `${label} ${TWILIO_SECRET_RULE_MESSAGE}` } satisfies RuleViolation };
  };
}

export function smsBodyRule(label = 'Message'): ValidatorFn {
  return (control) =>
    isSmsBody(control.value) ? null : { smsBody: { message: `${label} ${SMS_BODY_RULE_MESSAGE}` } satisfies RuleViolation };
}

/** Where Twilio will post: the API's own rule for `webhookUrl`. */
export function webhookUrlRule(label: string): ValidatorFn {
  return (control) => {
    const value = text(control);
    if (value === '' || isWebhookUrl(value)) return null;
    return { webhookUrl: { message: `${label} ${WEBHOOK_URL_RULE_MESSAGE}` } satisfies RuleViolation };
  };
}

/** The message of a control's first error; errors set by hand (e.g. from the API) may carry one too. */
export function firstRuleMessage(errors: ValidationErrors | null | undefined): string | null {
  if (!errors) return null;
  for (const value of Object.values(errors)) {
    if (typeof value === 'object' && value !== null && typeof (value as RuleViolation).message === 'string') {
      return (value as RuleViolation).message;
    }
  }
  return Object.keys(errors).length > 0 ? 'This value is not valid' : null;
}
