import { RESTRICTED_KEY_PERMISSIONS, TWILIO_CAPABILITY_PERMISSIONS, type TwilioCapability } from '@twilio-config/shared';

/** Each capability the API checks (TWILIO_CAPABILITIES), in words (the Record makes a missing one a compile error). */
export const CAPABILITY_WORDS: Readonly<Record<TwilioCapability, string>> = {
  from_number: 'look up the from number',
  messages: 'send messages',
  messaging_service: 'read the Messaging Service',
  conversations_service: 'read the Conversations Service',
  webhook: "read and set the Conversations Service's webhook",
};

/**
 * Twilio's three kinds of API key in one line (Twilio: "Create API keys in Twilio Console"), and
 * what a Restricted key needs: the permission list of libs/shared.
 */
export const API_KEY_KINDS_LINE =
  'Main keys can do everything (Twilio discourages them); Standard keys, the recommended kind, can do everything the product needs; Restricted keys only what their permissions list.';

export const RESTRICTED_KEY_NEEDS = RESTRICTED_KEY_PERMISSIONS;

/** The words for a key that lacks a capability: what it cannot do and the permissions to add. */
export function missingCapabilityInWords(capability: TwilioCapability): string {
  return `The API key may not ${CAPABILITY_WORDS[capability]}: give a Restricted key ${TWILIO_CAPABILITY_PERMISSIONS[capability].join(' and ')}, or use a Standard key.`;
}
