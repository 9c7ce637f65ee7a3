import type { DeliveryErrorCode } from '@twilio-config/shared';

/**
 * Why a message was not delivered, in plain words, for the delivery error codes support staff meet
 * most (DELIVERY_ERROR_TITLES in libs/shared; Twilio's pages: https://www.twilio.com/docs/api/errors/{code}).
 * A Record, so a code added to the shared list without words here is a compile error.
 */
export const DELIVERY_ERRORS_IN_WORDS: Readonly<Record<DeliveryErrorCode, string>> = {
  30003:
    "The recipient's phone could not be reached: it may be switched off, out of coverage or unable to receive SMS right now. Try again later.",
  30005: 'The number does not exist or is no longer in service: check it with the recipient.',
  30006: 'The number is a landline or its carrier cannot receive SMS: text a mobile number instead.',
  30007: "The carrier filtered the message as spam or against its rules. Change the content, or register the sender (A2P 10DLC, toll-free verification).",
  30008: "Twilio got no specific reason from the carrier. Try again; if it keeps failing, contact Twilio support with the message SID.",
  30034: 'The message was sent from a US number that is not registered for A2P 10DLC: register the number (a campaign) in the Twilio Console.',
  21610: 'The recipient replied STOP and no longer receives messages from this number. They can text START to receive them again.',
};

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
  21612: 'Twilio cannot send a message from this number to that recipient.',
  21614: 'The "To" number is not a mobile number that can receive SMS.',
  21617: 'The message is longer than Twilio allows (1,600 characters).',
  ...DELIVERY_ERRORS_IN_WORDS,
};

export function twilioErrorInWords(code: number): string | undefined {
  return TWILIO_ERRORS[code];
}

export function twilioErrorDocsUrl(code: number): string {
  return `https://www.twilio.com/docs/errors/${code}`;
}
