/**
 * Twilio's own error codes a support person meets most, in plain words. Anything else is shown
 * with Twilio's message and a link to Twilio's page for the code.
 */
const TWILIO_ERRORS: Readonly<Record<number, string>> = {
  20003: 'Twilio did not accept the credentials (authentication failed).',
  20404: 'Twilio could not find that resource in this account.',
  20429: 'Twilio is receiving too many requests from this account right now.',
  21211: 'The "To" number is not a valid phone number.',
  21212: 'The "From" number is not a valid phone number or short code for this account.',
  21408: 'This Twilio account is not allowed to send SMS to that country (Messaging geo permissions).',
  21606: 'The "From" number cannot send SMS: it is not SMS-capable or does not belong to this account.',
  21608: 'This is a Twilio trial account: it can only send to numbers verified in the Twilio Console.',
  21610: 'The recipient replied STOP and no longer receives messages from this number.',
  21612: 'Twilio cannot send a message from this number to that recipient.',
  21614: 'The "To" number is not a mobile number that can receive SMS.',
  21617: 'The message is longer than Twilio allows (1,600 characters).',
  30007: 'The carrier filtered the message as spam.',
};

export function twilioErrorInWords(code: number): string | undefined {
  return TWILIO_ERRORS[code];
}

export function twilioErrorDocsUrl(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}
