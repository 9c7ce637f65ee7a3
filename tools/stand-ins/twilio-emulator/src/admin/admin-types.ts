/** The admin API's shapes, shared by the server and EmulatorAdminClient. */
import type { PendingFault, FaultSpec } from '../faults/fault-injector';
import type { AccountSeed, EmulatorAccountSummary } from '../store/seed';
import type { MessageStatus, ServiceWebhookConfiguration } from '../store/records';
import type { ApiKeyType } from '../twilio-api/api-key-access';
import type { ApiExchange } from '../twilio-api/request-journal';
import type { WebhookDelivery } from '../webhooks/webhook-dispatcher';

export type { ApiExchange, ApiKeyType, EmulatorAccountSummary, FaultSpec, PendingFault, ServiceWebhookConfiguration, WebhookDelivery };

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

export const ADMIN_PREFIX = '/__admin';
