import { TWILIO_CAPABILITY_PERMISSIONS, type TwilioCapability } from '@twilio-config/shared';
import { ApiError } from '../common/errors/api-error';

/**
 * The adapter's typed errors: what an organization's settings do not allow (409) and Twilio's
 * refusal of its credentials (422). Features throw and catch these, never the SDK's exceptions.
 */

/** The organization has no Twilio settings (and no development fallback applies). */
export class TwilioNotConfiguredError extends ApiError {
  constructor() {
    super(409, 'NOT_CONFIGURED', 'Twilio is not configured for this organization. Save its Twilio credentials first.');
  }
}

/** The organization's Twilio settings exist but are switched off. */
export class TwilioDisabledError extends ApiError {
  constructor() {
    super(409, 'DISABLED', "This organization's Twilio configuration is disabled. Enable it to use Twilio.");
  }
}

/** The settings name no Conversations Service: needed by the Conversations webhook and by conversations. */
export class NoConversationsServiceError extends ApiError {
  constructor() {
    super(409, 'NO_CONVERSATIONS_SERVICE', 'Set a Conversations Service SID in the Twilio settings first: the webhook and conversations need it.');
  }
}

/** SMS participants of a conversation talk to the organization's from number; there is none. */
export class NoFromNumberError extends ApiError {
  constructor() {
    super(409, 'NOT_CONFIGURED', 'Set a from number in the Twilio settings: SMS participants talk to it.');
  }
}

/** Neither a Messaging Service nor a from number to send an SMS from. */
export class NoSmsSenderError extends ApiError {
  constructor() {
    super(409, 'NOT_CONFIGURED', 'This organization has no from number or Messaging Service to send from.');
  }
}

/**
 * Twilio refused the credentials (401 / 20003). `credential` names which one when it is known
 * ("API key SK…1a2b"; SIDs masked, never a secret).
 */
export class InvalidTwilioCredentialsError extends ApiError {
  constructor(twilioCode = 20003, credential?: string) {
    super(
      422,
      'INVALID_TWILIO_CREDENTIALS',
      credential
        ? `Twilio rejected the ${credential}. Check its SID and secret, and that it belongs to this account and region.`
        : 'Twilio rejected these credentials. Check the Account SID and Auth Token (or API key).',
      { twilioCode },
    );
  }
}

/**
 * Twilio accepted the credential but refused one of the calls the product makes with it: a
 * Restricted API key without the permission (401 / 70051, https://www.twilio.com/docs/api/errors/70051).
 * The message names the credential, the capability and the permissions it needs.
 */
export class TwilioCapabilityMissingError extends ApiError {
  constructor(
    readonly capability: TwilioCapability,
    credential: string,
    twilioCode = 70051,
  ) {
    super(
      422,
      'INVALID_TWILIO_CREDENTIALS',
      `The ${credential} lacks the capability "${capability}": a Restricted key needs ${TWILIO_CAPABILITY_PERMISSIONS[capability].join(' and ')}. Add the permission, or use a Standard key.`,
      { twilioCode, capability },
    );
  }
}

/**
 * The one answer to every refused Twilio webhook (conversations, status callbacks, incoming messages), whatever the reason: it must not tell a caller whether
 * the account exists, which service it has or which check failed.
 */
export class InvalidTwilioSignatureError extends ApiError {
  constructor() {
    super(403, 'FORBIDDEN', 'Invalid Twilio signature');
  }
}
