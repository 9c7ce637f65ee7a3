import type { OperationHandler } from '../api-context';
import { fetchAccount } from './accounts';
import { createSecondaryAuthToken, deleteSecondaryAuthToken, promoteSecondaryAuthToken } from './auth-tokens';
import {
  createConversation,
  createConversationMessage,
  createParticipant,
  deleteConversation,
  deleteConversationMessage,
  deleteParticipant,
  fetchConversation,
  fetchConversationsService,
  fetchServiceWebhookConfiguration,
  listConversationMessages,
  listConversations,
  listParticipants,
  updateServiceWebhookConfiguration,
} from './conversations';
import { listIncomingPhoneNumbers } from './incoming-phone-numbers';
import { createMessage, fetchMessage, listMessages } from './messages';
import { fetchMessagingService, listMessagingServices } from './messaging-services';

/** The handler of each served operation, by OperationDescriptor.key. */
export const OPERATION_HANDLERS: Readonly<Record<string, OperationHandler>> = {
  'api:FetchAccount': fetchAccount,
  'accounts:CreateSecondaryAuthToken': createSecondaryAuthToken,
  'accounts:DeleteSecondaryAuthToken': deleteSecondaryAuthToken,
  'accounts:UpdateAuthTokenPromotion': promoteSecondaryAuthToken,
  'api:CreateMessage': createMessage,
  'api:ListMessage': listMessages,
  'api:FetchMessage': fetchMessage,
  'api:ListIncomingPhoneNumber': listIncomingPhoneNumbers,
  'messaging:FetchService': fetchMessagingService,
  'messaging:ListService': listMessagingServices,
  'conversations:FetchService': fetchConversationsService,
  'conversations:FetchServiceWebhookConfiguration': fetchServiceWebhookConfiguration,
  'conversations:UpdateServiceWebhookConfiguration': updateServiceWebhookConfiguration,
  'conversations:CreateServiceConversation': createConversation,
  'conversations:ListServiceConversation': listConversations,
  'conversations:FetchServiceConversation': fetchConversation,
  'conversations:DeleteServiceConversation': deleteConversation,
  'conversations:CreateServiceConversationParticipant': createParticipant,
  'conversations:ListServiceConversationParticipant': listParticipants,
  'conversations:DeleteServiceConversationParticipant': deleteParticipant,
  'conversations:CreateServiceConversationMessage': createConversationMessage,
  'conversations:ListServiceConversationMessage': listConversationMessages,
  'conversations:DeleteServiceConversationMessage': deleteConversationMessage,
};
