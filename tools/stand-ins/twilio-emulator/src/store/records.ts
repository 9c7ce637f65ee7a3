/** What the emulator remembers, in its own shapes; the twilio-api representations turn them into Twilio JSON. */
import type { ApiKeyType } from '../twilio-api/api-key-access';
import type { ProcessingRegion } from '../twilio-api/regional-hosts';

export type AccountType = 'Trial' | 'Full';

export interface AccountRecord {
  sid: string;
  friendlyName: string;
  type: AccountType;
  /** Where the account's credentials are valid: Twilio credentials are region-specific. */
  region: ProcessingRegion;
  authToken: string;
  /** When the primary Auth Token was created (it was the secondary before a promotion). */
  authTokenDateCreated: Date;
  secondaryAuthToken: string | null;
  secondaryAuthTokenDateCreated: Date | null;
  dateCreated: Date;
  dateUpdated: Date;
  /** Trial accounts may only text these numbers (error 21608 otherwise). */
  verifiedCallerIds: Set<string>;
  /** Recipients opted out of every sender of the account (seeded; error 21610). */
  unsubscribedRecipients: Set<string>;
  /** Recipients who texted an opt-out keyword to one sender (a number, or a Messaging Service's pool). */
  optOuts: OptOutRecord[];
  /** Messages to these end `undelivered` with error 30003. */
  undeliverableRecipients: Set<string>;
  /** Messages to these end `failed` with error 30008. */
  failingRecipients: Set<string>;
}

/** Twilio's opt-out list entry: `recipient` may not be texted by `sender` until they opt back in. */
export interface OptOutRecord {
  recipient: string;
  /** The E.164 number texted, or the SID of the Messaging Service it belongs to (the whole pool is blocked). */
  sender: string;
  keyword: string;
  since: Date;
}

export interface ApiKeyRecord {
  sid: string;
  accountSid: string;
  secret: string;
  friendlyName: string;
  type: ApiKeyType;
  /** A Restricted key's permission list (empty for Main and Standard keys). */
  permissions: string[];
  dateCreated: Date;
}

export interface IncomingPhoneNumberRecord {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  friendlyName: string;
  /** Where Twilio posts messages texted to the number (when no Messaging Service takes them). */
  smsUrl: string | null;
  smsMethod: WebhookMethod;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface MessagingServiceRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  statusCallback: string | null;
  /** Where Twilio posts messages texted to the pool; null with useInboundWebhookOnNumber false drops them. */
  inboundRequestUrl: string | null;
  inboundMethod: WebhookMethod;
  /** "Defer to sender's webhook": each number's own SmsUrl takes its messages. */
  useInboundWebhookOnNumber: boolean;
  /** Advanced Opt-Out (set in the Console, not the REST API): adds OptOutType to incoming-message webhooks. */
  advancedOptOut: boolean;
  /** The sender pool, E.164 numbers the account owns. */
  senderPhoneNumbers: string[];
  dateCreated: Date;
  dateUpdated: Date;
}

export type WebhookMethod = 'GET' | 'POST';

export interface ServiceWebhookConfiguration {
  preWebhookUrl: string | null;
  postWebhookUrl: string | null;
  filters: string[];
  method: WebhookMethod;
}

export interface ConversationsServiceRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  webhooks: ServiceWebhookConfiguration;
  /** The service's default conversation role, given to every new participant. */
  participantRoleSid: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export type MessageStatus = 'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

export type MessageDirection = 'outbound-api' | 'inbound';

/** How an outbound message will end and how its status callbacks will be posted (fixed when it is created). */
export interface DeliveryPlan {
  finalStatus: 'delivered' | 'undelivered' | 'failed';
  errorCode: number | null;
  /** `reversed`: every callback held until the last status, then posted newest first, one after the other. */
  callbackOrder: 'in-order' | 'reversed';
  /** Extra copies of each status callback (each its own request, with its own idempotency token). */
  duplicateCallbacks: number;
}

/** An admin-set outcome for messages to `to` (of one account, or of every account when accountSid is null). */
export interface DeliveryOutcomeRecord extends DeliveryPlan {
  to: string;
  accountSid: string | null;
}

export interface MessageRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  body: string;
  status: MessageStatus;
  direction: MessageDirection;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  /** null for inbound messages. */
  deliveryPlan: DeliveryPlan | null;
  numSegments: number;
  errorCode: number | null;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export type ConversationState = 'active' | 'inactive' | 'closed';

export interface ConversationRecord {
  sid: string;
  accountSid: string;
  chatServiceSid: string;
  friendlyName: string | null;
  uniqueName: string | null;
  attributes: string;
  messagingServiceSid: string | null;
  state: ConversationState;
  nextMessageIndex: number;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface MessagingBinding {
  type: 'sms';
  address: string;
  proxy_address: string | null;
}

export interface ParticipantRecord {
  sid: string;
  accountSid: string;
  chatServiceSid: string;
  conversationSid: string;
  identity: string | null;
  attributes: string;
  messagingBinding: MessagingBinding | null;
  roleSid: string;
  dateCreated: Date;
  dateUpdated: Date;
}

export interface ConversationMessageRecord {
  sid: string;
  accountSid: string;
  chatServiceSid: string;
  conversationSid: string;
  index: number;
  author: string;
  body: string | null;
  attributes: string;
  participantSid: string | null;
  dateCreated: Date;
  dateUpdated: Date;
}
