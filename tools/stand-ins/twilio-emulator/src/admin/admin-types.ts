/** The admin API's shapes, shared by the server and EmulatorAdminClient. */
import type { PendingFault, FaultSpec } from '../faults/fault-injector';
import type { DeliveryOutcomeSpec } from '../messaging/delivery-outcomes';
import type { ReceivedInboundMessage, SimulatedInboundMessage } from '../messaging/inbound-messages';
import type { AccountSeed, EmulatorAccountSummary } from '../store/seed';
import type { MessageDirection, MessageStatus, ServiceWebhookConfiguration, WebhookMethod } from '../store/records';
import type { ApiKeyType } from '../twilio-api/api-key-access';
import type { ApiExchange } from '../twilio-api/request-journal';
import type { WebhookDelivery } from '../webhooks/webhook-dispatcher';

export type {
  ApiExchange,
  ApiKeyType,
  DeliveryOutcomeSpec,
  EmulatorAccountSummary,
  FaultSpec,
  PendingFault,
  ReceivedInboundMessage,
  ServiceWebhookConfiguration,
  SimulatedInboundMessage,
  WebhookDelivery,
};

/** Options of createAccount: any part of a seed account; what is left out is generated. */
export type CreateAccountOptions = AccountSeed;

/** An SMS the emulator was asked to send, as it stands now. */
export interface SentMessage {
  sid: string;
  accountSid: string;
  from: string | null;
  to: string;
  body: string;
  status: MessageStatus;
  /** `inbound` for messages simulated with sendInboundMessage(). */
  direction: MessageDirection;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  errorCode: number | null;
  numSegments: number;
  dateCreated: string;
  dateSent: string | null;
}

/** What an admin-created API key is: standard unless told (as Twilio's REST API creates keys). */
export interface CreateApiKeyOptions {
  friendlyName?: string;
  type?: ApiKeyType;
  /** Required for (and only for) a restricted key, e.g. `/twilio/messaging/messages/create`. */
  permissions?: string[];
}

export interface CreatedApiKey {
  sid: string;
  secret: string;
  type: ApiKeyType;
  permissions: string[];
}

/** A message as a chat client (Twilio's Conversations SDK) would post it: fires webhooks with Source=SDK. */
export interface SimulatedConversationMessage {
  author: string;
  body: string;
  attributes?: string;
}

/** An admin-set delivery outcome, as the emulator holds it. */
export interface DeliveryOutcome {
  to: string;
  accountSid: string | null;
  status: 'delivered' | 'undelivered' | 'failed';
  errorCode: number | null;
  callbackOrder: 'in-order' | 'reversed';
  duplicateCallbacks: number;
}

/** One entry of an account's opt-out list: `recipient` texted `keyword` to `sender` (a number or a Messaging Service SID). */
export interface OptOutEntry {
  recipient: string;
  sender: string;
  keyword: string;
  since: string;
}

/**
 * A change made by a person in the Twilio Console to a Conversations Service's webhooks
 * (Conversations > Manage > Services > Webhooks): only the fields given change; `null` or '' clears a URL.
 */
export interface ConsoleConversationsWebhookEdit {
  preWebhookUrl?: string | null;
  postWebhookUrl?: string | null;
  method?: WebhookMethod;
  filters?: string[];
}

/** A change made in the Console to a phone number's messaging configuration ("A message comes in"). */
export interface ConsolePhoneNumberEdit {
  smsUrl?: string | null;
  smsMethod?: WebhookMethod;
}

/** A change made in the Console to a Messaging Service (Integration, Advanced Opt-Out). */
export interface ConsoleMessagingServiceEdit {
  inboundRequestUrl?: string | null;
  inboundMethod?: WebhookMethod;
  useInboundWebhookOnNumber?: boolean;
  advancedOptOut?: boolean;
  statusCallback?: string | null;
}

export const ADMIN_PREFIX = '/__admin';
