/**
 * What the product does with an organization's Twilio credentials, one name per capability. An API
 * key is validated by these calls (Standard and Restricted keys cannot read the Account resource),
 * health checks each, and a 422 names the one a key lacks. The console words the names.
 *
 * Twilio's three kinds of key ("Create API keys in Twilio Console",
 * https://www.twilio.com/docs/iam/api-keys/keys-in-console; "Key resource v1",
 * https://www.twilio.com/docs/iam/api-keys/key-resource-v1): Main = everything; Standard = everything
 * but the Accounts and Keys resources; Restricted = its permission list ("Restricted API keys",
 * https://www.twilio.com/docs/iam/api-keys/restricted-api-keys).
 */
export const TWILIO_CAPABILITIES = ['from_number', 'messages', 'messaging_service', 'conversations_service', 'webhook'] as const;
export type TwilioCapability = (typeof TWILIO_CAPABILITIES)[number];

/**
 * The permissions a Restricted key needs for each capability, in Twilio's catalog form
 * `/twilio/{product}/{resource}/{action}` (docs/twilio-emulator.md lists the operation behind each).
 */
export const TWILIO_CAPABILITY_PERMISSIONS: Readonly<Record<TwilioCapability, readonly string[]>> = {
  from_number: ['/twilio/phone-numbers/active-numbers/list'],
  messages: ['/twilio/messaging/messages/create'],
  messaging_service: ['/twilio/messaging/services/read'],
  conversations_service: ['/twilio/conversations/services/read'],
  webhook: ['/twilio/conversations/services.configuration.webhooks/read', '/twilio/conversations/services.configuration.webhooks/update'],
};

/** What conversations need besides the capabilities checked when saving (find-or-create, the orphan clean-up). */
export const TWILIO_CONVERSATIONS_PERMISSIONS: readonly string[] = [
  '/twilio/conversations/services.conversations/*',
  '/twilio/conversations/services.conversations.participants/create',
];

/** Every permission a Restricted key needs for everything the product does (Conversations ones only with a Conversations Service). */
export const RESTRICTED_KEY_PERMISSIONS: readonly string[] = [
  ...TWILIO_CAPABILITIES.flatMap((capability) => TWILIO_CAPABILITY_PERMISSIONS[capability]),
  ...TWILIO_CONVERSATIONS_PERMISSIONS,
];
