import type {
  ConversationMessageRecord,
  ConversationRecord,
  ConversationsServiceRecord,
  ParticipantRecord,
} from '../../store/records';
import { iso8601 } from '../twilio-formats';

/** Absolute URLs as Twilio writes them into Conversations resources. */
export const conversationsUrls = {
  service: (serviceSid: string) => `https://conversations.twilio.com/v1/Services/${serviceSid}`,
  conversations: (serviceSid: string) => `${conversationsUrls.service(serviceSid)}/Conversations`,
  conversation: (serviceSid: string, conversationSid: string) =>
    `${conversationsUrls.conversations(serviceSid)}/${conversationSid}`,
};

export function conversationsServiceJson(service: ConversationsServiceRecord): Record<string, unknown> {
  const url = conversationsUrls.service(service.sid);
  const links = ['conversations', 'users', 'roles', 'bindings', 'configuration', 'participant_conversations'];
  return {
    account_sid: service.accountSid,
    sid: service.sid,
    friendly_name: service.friendlyName,
    date_created: iso8601(service.dateCreated),
    date_updated: iso8601(service.dateUpdated),
    url,
    links: {
      ...Object.fromEntries(links.map((name) => [name, `${url}/${pascalCase(name)}`])),
      conversation_with_participants: `${url}/ConversationWithParticipants`,
    },
  };
}

export function serviceWebhookConfigurationJson(service: ConversationsServiceRecord): Record<string, unknown> {
  return {
    account_sid: service.accountSid,
    chat_service_sid: service.sid,
    pre_webhook_url: service.webhooks.preWebhookUrl,
    post_webhook_url: service.webhooks.postWebhookUrl,
    filters: [...service.webhooks.filters],
    method: service.webhooks.method,
    url: `${conversationsUrls.service(service.sid)}/Configuration/Webhooks`,
  };
}

export function conversationJson(conversation: ConversationRecord): Record<string, unknown> {
  const url = conversationsUrls.conversation(conversation.chatServiceSid, conversation.sid);
  return {
    account_sid: conversation.accountSid,
    chat_service_sid: conversation.chatServiceSid,
    messaging_service_sid: conversation.messagingServiceSid,
    sid: conversation.sid,
    friendly_name: conversation.friendlyName,
    unique_name: conversation.uniqueName,
    attributes: conversation.attributes,
    state: conversation.state,
    date_created: iso8601(conversation.dateCreated),
    date_updated: iso8601(conversation.dateUpdated),
    timers: {},
    url,
    links: {
      participants: `${url}/Participants`,
      messages: `${url}/Messages`,
      webhooks: `${url}/Webhooks`,
    },
    bindings: null,
  };
}

export function participantJson(participant: ParticipantRecord): Record<string, unknown> {
  return {
    account_sid: participant.accountSid,
    chat_service_sid: participant.chatServiceSid,
    conversation_sid: participant.conversationSid,
    sid: participant.sid,
    identity: participant.identity,
    attributes: participant.attributes,
    messaging_binding: participant.messagingBinding ? { ...participant.messagingBinding } : null,
    role_sid: participant.roleSid,
    date_created: iso8601(participant.dateCreated),
    date_updated: iso8601(participant.dateUpdated),
    url: `${conversationsUrls.conversation(participant.chatServiceSid, participant.conversationSid)}/Participants/${participant.sid}`,
    last_read_message_index: null,
    last_read_timestamp: null,
  };
}

export function conversationMessageJson(message: ConversationMessageRecord): Record<string, unknown> {
  const url = `${conversationsUrls.conversation(message.chatServiceSid, message.conversationSid)}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    chat_service_sid: message.chatServiceSid,
    conversation_sid: message.conversationSid,
    sid: message.sid,
    index: message.index,
    author: message.author,
    body: message.body,
    media: null,
    attributes: message.attributes,
    participant_sid: message.participantSid,
    date_created: iso8601(message.dateCreated),
    date_updated: iso8601(message.dateUpdated),
    delivery: null,
    url,
    links: {
      delivery_receipts: `${url}/Receipts`,
      channel_metadata: `${url}/ChannelMetadata`,
    },
    content_sid: null,
  };
}

function pascalCase(snake: string): string {
  return snake.replace(/(^|_)([a-z])/g, (_match, _separator, letter: string) => letter.toUpperCase());
}
