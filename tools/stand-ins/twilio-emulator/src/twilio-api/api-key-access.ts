/**
 * What each kind of API key may call (docs: "Key resource v1",
 * https://www.twilio.com/docs/iam/api-keys/key-resource-v1; "Create API keys in Twilio Console",
 * https://www.twilio.com/docs/iam/api-keys/keys-in-console):
 * - Main: everything, like the Account SID and Auth Token;
 * - Standard (what the REST API creates by default): everything except the Accounts
 *   (`/Accounts`) and Keys resources;
 * - Restricted: only what its permission list allows ("Restricted API keys",
 *   https://www.twilio.com/docs/iam/api-keys/restricted-api-keys), `read` for a fetch by SID and
 *   `list` for a collection, `{resource}/*` for every action on a resource.
 *
 * Twilio's answers, as observed against the live API and published with SIDs as evidence
 * (IAM live test results, 2026-03-27): a Standard key on `/Accounts` or `/Keys` gets 401 with
 * code 20003 "Authenticate" (not 403); a Restricted key without the permission gets 401 with
 * code 70051 "Authorization Error: required permission twilio/messaging/messages/list is missing"
 * (error 70051 "Authorization Failed", https://www.twilio.com/docs/api/errors/70051).
 */
import type { ApiKeyRecord } from '../store/records';
import { TwilioApiError } from './twilio-error';

export type ApiKeyType = 'main' | 'standard' | 'restricted';
export const API_KEY_TYPES: readonly ApiKeyType[] = ['main', 'standard', 'restricted'];

/** Twilio caps a Restricted key at 100 permissions ("Restricted API keys"). */
export const MAX_RESTRICTED_KEY_PERMISSIONS = 100;

/**
 * The permission each served operation needs from a Restricted key. Messaging and phone-number
 * names are those of Twilio's published permission catalog (`/twilio/{product}/{resource}/{action}`).
 * Twilio added Conversations (classic) permissions on 2026-07-31 (changelog "Restricted API Keys,
 * Conversations (classic) permissions") without a published list the emulator could read: their
 * names here follow the catalog's pattern and are the emulator's own until Twilio lists them.
 */
export const PERMISSION_OF_OPERATION: Readonly<Record<string, string>> = {
  'api:FetchAccount': '/twilio/iam/accounts/read',
  // Auth Token rotation: the emulator's own names (not in Twilio's published catalog).
  'accounts:CreateSecondaryAuthToken': '/twilio/iam/auth-tokens/create',
  'accounts:DeleteSecondaryAuthToken': '/twilio/iam/auth-tokens/delete',
  'accounts:UpdateAuthTokenPromotion': '/twilio/iam/auth-tokens/update',
  'api:CreateMessage': '/twilio/messaging/messages/create',
  'api:ListMessage': '/twilio/messaging/messages/list',
  'api:FetchMessage': '/twilio/messaging/messages/read',
  'api:ListIncomingPhoneNumber': '/twilio/phone-numbers/active-numbers/list',
  'messaging:FetchService': '/twilio/messaging/services/read',
  'messaging:ListService': '/twilio/messaging/services/list',
  'conversations:FetchService': '/twilio/conversations/services/read',
  'conversations:FetchServiceWebhookConfiguration': '/twilio/conversations/services.configuration.webhooks/read',
  'conversations:UpdateServiceWebhookConfiguration': '/twilio/conversations/services.configuration.webhooks/update',
  'conversations:CreateServiceConversation': '/twilio/conversations/services.conversations/create',
  'conversations:ListServiceConversation': '/twilio/conversations/services.conversations/list',
  'conversations:FetchServiceConversation': '/twilio/conversations/services.conversations/read',
  'conversations:DeleteServiceConversation': '/twilio/conversations/services.conversations/delete',
  'conversations:CreateServiceConversationParticipant': '/twilio/conversations/services.conversations.participants/create',
  'conversations:ListServiceConversationParticipant': '/twilio/conversations/services.conversations.participants/list',
  'conversations:DeleteServiceConversationParticipant': '/twilio/conversations/services.conversations.participants/delete',
  'conversations:CreateServiceConversationMessage': '/twilio/conversations/services.conversations.messages/create',
  'conversations:ListServiceConversationMessage': '/twilio/conversations/services.conversations.messages/list',
  'conversations:DeleteServiceConversationMessage': '/twilio/conversations/services.conversations.messages/delete',
};

/**
 * The operations on the Accounts resource and the account's configuration, which a Standard key
 * may not call ("API keys": Standard keys reach everything "except for managing API Keys, Account
 * Configuration, and Subaccounts", https://www.twilio.com/docs/iam/api-keys/api-key). The Auth
 * Tokens are the account's credentials: a Main key or the Auth Token itself manages them.
 */
const ACCOUNTS_RESOURCE_OPERATIONS = new Set([
  'api:FetchAccount',
  'accounts:CreateSecondaryAuthToken',
  'accounts:DeleteSecondaryAuthToken',
  'accounts:UpdateAuthTokenPromotion',
]);

/** `/twilio/{product}/{resource}/{action}`, the shape of every entry of Twilio's catalog. */
const PERMISSION = /^\/twilio\/[a-z0-9-]+\/[a-z0-9.-]+\/(read|list|create|update|delete|\*)$/;

export function isPermissionName(value: unknown): value is string {
  return typeof value === 'string' && PERMISSION.test(value);
}

/** Refuses the call the way Twilio does when the key's kind does not allow the operation. */
export function assertKeyMayCall(key: ApiKeyRecord, operationKey: string): void {
  if (key.type === 'main') return;
  if (key.type === 'standard') {
    if (ACCOUNTS_RESOURCE_OPERATIONS.has(operationKey)) throw new TwilioApiError(401, 20003, 'Authenticate');
    return;
  }
  const needed = PERMISSION_OF_OPERATION[operationKey];
  if (needed !== undefined && grants(key.permissions, needed)) return;
  // Twilio names the permission without its leading slash.
  const named = (needed ?? '/twilio/unsupported').slice(1);
  throw new TwilioApiError(401, 70051, `Authorization Error: required permission ${named} is missing`);
}

function grants(permissions: readonly string[], needed: string): boolean {
  const wildcard = needed.slice(0, needed.lastIndexOf('/')) + '/*';
  return permissions.includes(needed) || permissions.includes(wildcard);
}
