import { ApiError } from '../common/errors/api-error';

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

export class NoConversationsServiceError extends ApiError {
  constructor() {
    super(409, 'NO_CONVERSATIONS_SERVICE', 'Set a Conversations Service SID in the settings before configuring the webhook.');
  }
}

export class InvalidTwilioCredentialsError extends ApiError {
  constructor(twilioCode = 20003) {
    super(422, 'INVALID_TWILIO_CREDENTIALS', 'Twilio rejected these credentials. Check the Account SID and Auth Token (or API key).', {
      twilioCode,
    });
  }
}
