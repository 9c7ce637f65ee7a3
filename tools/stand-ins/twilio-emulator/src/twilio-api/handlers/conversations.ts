import { newSid } from '../../store/sids';
import type {
  ConversationMessageRecord,
  ConversationRecord,
  ConversationState,
  ConversationsServiceRecord,
  ParticipantRecord,
  WebhookMethod,
} from '../../store/records';
import type { ApiRequest, EmulatorServices, OperationHandler } from '../api-context';
import type { DeclaredParams } from '../declared-params';
import { slicePage, v1ListBody } from '../pagination';
import { invalidParameter, resourceNotFound, TwilioApiError } from '../twilio-error';
import {
  conversationJson,
  conversationMessageJson,
  conversationsServiceJson,
  conversationsUrls,
  participantJson,
  serviceWebhookConfigurationJson,
} from './conversations-json';

// The Conversations API caps list pages at 100 (the 2010 API at 1000).
const MAX_PAGE_SIZE = 100;
const CONVERSATION_STATES: readonly ConversationState[] = ['active', 'inactive', 'closed'];

/**
 * Twilio fires Conversations webhooks for REST calls only when the caller asks with
 * `X-Twilio-Webhook-Enabled: true` (this avoids loops with a backend that reacts to them).
 */
function webhooksRequested(request: ApiRequest): boolean {
  return request.headers.get('X-Twilio-Webhook-Enabled')?.toLowerCase() === 'true';
}

function serviceOf(request: ApiRequest, { store }: EmulatorServices): ConversationsServiceRecord {
  const sid = request.pathParams.ChatServiceSid ?? request.pathParams.Sid;
  const service = store.ownedBy(store.conversationsServices, sid, request.account.sid);
  if (!service) throw resourceNotFound(request.path);
  return service;
}

/** Conversations are addressed by SID or by their unique name. */
function conversationOf(request: ApiRequest, services: EmulatorServices, param: 'Sid' | 'ConversationSid'): ConversationRecord {
  const service = serviceOf(request, services);
  const key = request.pathParams[param];
  const conversation = [...services.store.conversations.values()].find(
    (candidate) => candidate.chatServiceSid === service.sid && (candidate.sid === key || candidate.uniqueName === key),
  );
  if (!conversation) throw resourceNotFound(request.path);
  return conversation;
}

export const fetchConversationsService: OperationHandler = (request, services) => ({
  status: 200,
  body: conversationsServiceJson(serviceOf(request, services)),
});

export const fetchServiceWebhookConfiguration: OperationHandler = (request, services) => ({
  status: 200,
  body: serviceWebhookConfigurationJson(serviceOf(request, services)),
});

export const updateServiceWebhookConfiguration: OperationHandler = (request, services) => {
  const service = serviceOf(request, services);
  const { form } = request;
  const preWebhookUrl = readWebhookUrl(form, 'PreWebhookUrl');
  const postWebhookUrl = readWebhookUrl(form, 'PostWebhookUrl');
  const method = form.get('Method');
  if (method !== undefined && !['GET', 'POST'].includes(method.toUpperCase())) {
    throw invalidParameter(`Invalid Method: ${method}. Must be GET or POST`);
  }
  if (preWebhookUrl !== undefined) service.webhooks.preWebhookUrl = preWebhookUrl;
  if (postWebhookUrl !== undefined) service.webhooks.postWebhookUrl = postWebhookUrl;
  if (form.has('Filters')) service.webhooks.filters = form.getAll('Filters');
  if (method !== undefined) service.webhooks.method = method.toUpperCase() as WebhookMethod;
  service.dateUpdated = services.now();
  return { status: 200, body: serviceWebhookConfigurationJson(service) };
};

export const createConversation: OperationHandler = (request, services) => {
  const service = serviceOf(request, services);
  const { form } = request;
  const { store } = services;
  const uniqueName = form.get('UniqueName') || null;
  if (uniqueName && [...store.conversations.values()].some((c) => c.chatServiceSid === service.sid && c.uniqueName === uniqueName)) {
    throw new TwilioApiError(409, 50353, 'Conversation with provided unique name already exists');
  }
  const state = form.get('State') ?? 'active';
  if (!CONVERSATION_STATES.includes(state as ConversationState)) throw invalidParameter(`Invalid State: ${state}`);
  const messagingServiceSid = form.get('MessagingServiceSid') || null;
  if (messagingServiceSid && !store.ownedBy(store.messagingServices, messagingServiceSid, request.account.sid)) {
    throw invalidParameter(`Invalid MessagingServiceSid: ${messagingServiceSid}`);
  }
  const now = services.now();
  const conversation: ConversationRecord = {
    sid: newSid('CH'),
    accountSid: request.account.sid,
    chatServiceSid: service.sid,
    friendlyName: form.get('FriendlyName') ?? null,
    uniqueName,
    attributes: form.get('Attributes') ?? '{}',
    messagingServiceSid,
    state: state as ConversationState,
    nextMessageIndex: 0,
    dateCreated: now,
    dateUpdated: now,
  };
  store.conversations.set(conversation.sid, conversation);
  if (webhooksRequested(request)) services.conversationsEvents.conversationAdded(conversation, { source: 'API' });
  return { status: 201, body: conversationJson(conversation) };
};

export const listConversations: OperationHandler = (request, services) => {
  const service = serviceOf(request, services);
  const state = request.query.get('State');
  const conversations = [...services.store.conversations.values()]
    .filter((conversation) => conversation.chatServiceSid === service.sid)
    .filter((conversation) => state === undefined || conversation.state === state);
  const slice = slicePage(conversations, request.query, MAX_PAGE_SIZE);
  return {
    status: 200,
    body: v1ListBody(
      'conversations',
      slice,
      slice.items.map(conversationJson),
      conversationsUrls.conversations(service.sid),
      state === undefined ? [] : [['State', state]],
    ),
  };
};

export const fetchConversation: OperationHandler = (request, services) => ({
  status: 200,
  body: conversationJson(conversationOf(request, services, 'Sid')),
});

export const deleteConversation: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'Sid');
  services.store.removeConversation(conversation.sid);
  if (webhooksRequested(request)) {
    services.conversationsEvents.conversationRemoved(conversation, services.now(), { source: 'API' });
  }
  return { status: 204 };
};

export const createParticipant: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'ConversationSid');
  const { form } = request;
  const { store } = services;
  const identity = form.get('Identity') || null;
  const address = form.get('MessagingBinding.Address') || null;
  const proxyAddress = form.get('MessagingBinding.ProxyAddress') || null;
  if (!identity && !address) {
    throw invalidParameter('Either Identity or MessagingBinding.Address must be specified');
  }
  if (address && !proxyAddress) {
    throw invalidParameter('MessagingBinding.ProxyAddress is required for an SMS participant');
  }
  if (proxyAddress && !store.ownsPhoneNumber(request.account.sid, proxyAddress)) {
    throw invalidParameter(`MessagingBinding.ProxyAddress ${proxyAddress} is not a phone number of this account`);
  }
  const existing = store.participantsOf(conversation.sid);
  if (identity && existing.some((participant) => participant.identity === identity)) {
    throw new TwilioApiError(409, 50433, 'Participant already exists');
  }
  if (address && proxyAddress) {
    const bound = conversationBinding(services, request.account.sid, address, proxyAddress);
    if (bound) throw bindingInUse(bound);
  }
  const service = serviceOf(request, services);
  const now = services.now();
  const participant: ParticipantRecord = {
    sid: newSid('MB'),
    accountSid: request.account.sid,
    chatServiceSid: conversation.chatServiceSid,
    conversationSid: conversation.sid,
    identity,
    attributes: form.get('Attributes') ?? '{}',
    messagingBinding: address ? { type: 'sms', address, proxy_address: proxyAddress } : null,
    roleSid: service.participantRoleSid,
    dateCreated: now,
    dateUpdated: now,
  };
  store.participants.set(participant.sid, participant);
  if (webhooksRequested(request)) services.conversationsEvents.participantAdded(participant, { source: 'API' });
  return { status: 201, body: participantJson(participant) };
};

/**
 * Where an SMS address + proxy address pair is already bound: Twilio routes an inbound SMS by that
 * pair, so it may be in one open conversation at a time, whatever its service (error 50416
 * "Participant and proxy address pair is already in use", https://www.twilio.com/docs/api/errors/50416:
 * "already assigned to an active conversation"; a closed conversation releases it, error 80102).
 */
function conversationBinding(services: EmulatorServices, accountSid: string, address: string, proxyAddress: string): ConversationRecord | null {
  const { store } = services;
  for (const participant of store.participants.values()) {
    const binding = participant.messagingBinding;
    if (participant.accountSid !== accountSid || binding?.address !== address || binding.proxy_address !== proxyAddress) continue;
    const conversation = store.conversations.get(participant.conversationSid);
    if (conversation && conversation.state !== 'closed') return conversation;
  }
  return null;
}

/**
 * 409 with the conversation's SID in the message, as Twilio words it (support article "Error 50416
 * 'A binding for this participant and proxy address already exists' When Adding Participants",
 * https://support.twilio.com/hc/en-us/articles/41467875615259); clients read the SID from it.
 */
function bindingInUse(conversation: ConversationRecord): TwilioApiError {
  return new TwilioApiError(
    409,
    50416,
    `A binding for this participant and proxy address already exists in Conversation ${conversation.sid}`,
  );
}

export const listParticipants: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'ConversationSid');
  const slice = slicePage(services.store.participantsOf(conversation.sid), request.query, MAX_PAGE_SIZE);
  return {
    status: 200,
    body: v1ListBody(
      'participants',
      slice,
      slice.items.map(participantJson),
      `${conversationsUrls.conversation(conversation.chatServiceSid, conversation.sid)}/Participants`,
      [],
    ),
  };
};

export const deleteParticipant: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'ConversationSid');
  const participant = services.store.participants.get(request.pathParams.Sid);
  if (!participant || participant.conversationSid !== conversation.sid) throw resourceNotFound(request.path);
  services.store.participants.delete(participant.sid);
  if (webhooksRequested(request)) {
    services.conversationsEvents.participantRemoved(participant, services.now(), { source: 'API' });
  }
  return { status: 204 };
};

export const createConversationMessage: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'ConversationSid');
  const body = request.form.get('Body');
  if (!body) throw invalidParameter('Either Body or MediaSid must be specified');
  const message = addConversationMessage(services, conversation, {
    author: request.form.get('Author') || 'system',
    body,
    attributes: request.form.get('Attributes') ?? '{}',
  });
  if (webhooksRequested(request)) services.conversationsEvents.messageAdded(message, { source: 'API' });
  return { status: 201, body: conversationMessageJson(message) };
};

/** Shared with the admin API, which posts messages "from a chat client" to trigger webhooks as an SDK would. */
export function addConversationMessage(
  services: Pick<EmulatorServices, 'store' | 'now'>,
  conversation: ConversationRecord,
  content: { author: string; body: string; attributes: string },
): ConversationMessageRecord {
  const author = services.store
    .participantsOf(conversation.sid)
    .find((participant) => participant.identity === content.author || participant.messagingBinding?.address === content.author);
  const now = services.now();
  const message: ConversationMessageRecord = {
    sid: newSid('IM'),
    accountSid: conversation.accountSid,
    chatServiceSid: conversation.chatServiceSid,
    conversationSid: conversation.sid,
    index: conversation.nextMessageIndex++,
    author: content.author,
    body: content.body,
    attributes: content.attributes,
    participantSid: author?.sid ?? null,
    dateCreated: now,
    dateUpdated: now,
  };
  conversation.dateUpdated = now;
  services.store.conversationMessages.set(message.sid, message);
  return message;
}

export const listConversationMessages: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'ConversationSid');
  const order = request.query.get('Order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw invalidParameter(`Invalid Order: ${order}`);
  const messages = services.store.messagesOf(conversation.sid);
  if (order === 'desc') messages.reverse();
  const slice = slicePage(messages, request.query, MAX_PAGE_SIZE);
  return {
    status: 200,
    body: v1ListBody(
      'messages',
      slice,
      slice.items.map(conversationMessageJson),
      `${conversationsUrls.conversation(conversation.chatServiceSid, conversation.sid)}/Messages`,
      request.query.get('Order') === undefined ? [] : [['Order', order]],
    ),
  };
};

export const deleteConversationMessage: OperationHandler = (request, services) => {
  const conversation = conversationOf(request, services, 'ConversationSid');
  const message = services.store.conversationMessages.get(request.pathParams.Sid);
  if (!message || message.conversationSid !== conversation.sid) throw resourceNotFound(request.path);
  services.store.conversationMessages.delete(message.sid);
  if (webhooksRequested(request)) {
    services.conversationsEvents.messageRemoved(message, services.now(), { source: 'API' });
  }
  return { status: 204 };
};

/** Absent = leave as is; empty = clear (Twilio's way of removing a webhook URL). */
function readWebhookUrl(form: DeclaredParams, name: string): string | null | undefined {
  const value = form.get(name);
  if (value === undefined) return undefined;
  if (value === '') return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalidParameter(`Invalid ${name}: ${value}`);
  }
  return value;
}
