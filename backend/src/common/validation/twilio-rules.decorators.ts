import {
  E164_RULE_MESSAGE,
  isE164,
  isSmsBody,
  isTwilioSecret,
  isTwilioSid,
  isWebhookUrl,
  SMS_BODY_RULE_MESSAGE,
  TWILIO_SECRET_RULE_MESSAGE,
  twilioEdgeRegionProblem,
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

/**
 * `edge` and `region` together or not at all, and a pair Twilio serves (TWILIO_REGION_EDGE_PAIRS in
 * libs/shared). Put on both properties: the 400 names the one that is missing or wrong. Runs when
 * either is sent, so the one left out is reported too.
 */
export function IsTwilioEdgeRegionPair(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) => {
    ValidateIf((object: { edge?: unknown; region?: unknown }) => object.edge !== undefined || object.region !== undefined, options)(target, propertyKey);
    ValidateBy(
      {
        name: 'isTwilioEdgeRegionPair',
        validator: {
          validate: (_value, args) => {
            const object = args?.object as { edge?: unknown; region?: unknown };
            return twilioEdgeRegionProblem(object.edge, object.region)?.field !== args?.property;
          },
          defaultMessage: (args) => {
            const object = args?.object as { edge?: unknown; region?: unknown };
            return twilioEdgeRegionProblem(object.edge, object.region)?.message ?? `${args?.property} is not valid`;
          },
        },
      },
      options,
    )(target, propertyKey);
  };
}
