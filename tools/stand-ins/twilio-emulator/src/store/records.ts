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
  secondaryAuthToken: string | null;
  dateCreated: Date;
  dateUpdated: Date;
  /** Trial accounts may only text these numbers (error 21608 otherwise). */
  verifiedCallerIds: Set<string>;
  /** Recipients who replied STOP (error 21610). */
  unsubscribedRecipients: Set<string>;
  /** Messages to these end `undelivered` with error 30003. */
  undeliverableRecipients: Set<string>;
  /** Messages to these end `failed` with error 30008. */
  failingRecipients: Set<string>;
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
  dateCreated: Date;
  dateUpdated: Date;
}

export interface MessagingServiceRecord {
  sid: string;
  accountSid: string;
  friendlyName: string;
  statusCallback: string | null;
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

export type MessageStatus = 'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface MessageRecord {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  body: string;
  status: MessageStatus;
  messagingServiceSid: string | null;
  statusCallback: string | null;
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
