import {
  E164_RULE_MESSAGE,
  isE164,
  isSmsBody,
  isTwilioSecret,
  isTwilioSid,
  isWebhookUrl,
  SMS_BODY_RULE_MESSAGE,
  TWILIO_SECRET_RULE_MESSAGE,
  twilioSidRuleMessage,
  type TwilioSidKind,
  WEBHOOK_URL_RULE_MESSAGE,
} from '@twilio-config/shared';
import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * class-validator decorators over the rules in libs/shared, so the API and the console apply the
 * very same checks. Messages start with the field name and never repeat the value.
 */
export function IsTwilioSid(kind: TwilioSidKind, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: `isTwilioSid:${kind}`,
      validator: {
        validate: (value: unknown) => isTwilioSid(kind, value),
        defaultMessage: (args) => `${args?.property}: ${twilioSidRuleMessage(kind)}`,
      },
    },
    options,
  );
}

export function IsE164(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isE164', validator: { validate: isE164, defaultMessage: (args) => `${args?.property} ${E164_RULE_MESSAGE}` } },
    options,
  );
}

export function IsTwilioSecret(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTwilioSecret',
      validator: { validate: isTwilioSecret, defaultMessage: (args) => `${args?.property} ${TWILIO_SECRET_RULE_MESSAGE}` },
    },
    options,
  );
}

export function IsSmsBody(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isSmsBody', validator: { validate: isSmsBody, defaultMessage: (args) => `${args?.property} ${SMS_BODY_RULE_MESSAGE}` } },
    options,
  );
}

export function IsWebhookUrl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isWebhookUrl', validator: { validate: isWebhookUrl, defaultMessage: (args) => `${args?.property} ${WEBHOOK_URL_RULE_MESSAGE}` } },
    options,
  );
}

/**
 * A body field that may be left out but, when sent, must be valid: unlike @IsOptional(), `null`
 * is refused rather than let through (a `null` dryRun must never mean "really do it").
 */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}
