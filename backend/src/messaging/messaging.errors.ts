import { ApiError } from '../common/errors/api-error';

/** The recipient is on the organization's opt-out list: the message is refused before Twilio is asked. */
export class RecipientOptedOutError extends ApiError {
  constructor() {
    super(
      422,
      'RECIPIENT_OPTED_OUT',
      'The recipient opted out of messages from this organization (they texted STOP, or Twilio refused with 21610). Nothing was sent.',
      { field: 'to' },
    );
  }
}

export class MessageDeliveryNotFoundError extends ApiError {
  constructor() {
    super(404, 'NOT_FOUND', 'No message with this SID was sent by this organization.');
  }
}

export class OptOutNotFoundError extends ApiError {
  constructor() {
    super(404, 'NOT_FOUND', "This number is not on the organization's opt-out list.");
  }
}
