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

export class InvalidTwilioCredentialsError extends ApiError {
  constructor(twilioCode = 20003) {
    super(422, 'INVALID_TWILIO_CREDENTIALS', 'Twilio rejected these credentials. Check the Account SID and Auth Token (or API key).', {
      twilioCode,
    });
  }
}
