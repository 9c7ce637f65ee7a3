import type { TimerRegistry } from '../runtime/timer-registry';
import type { EmulatorTiming } from '../runtime/timing';
import type { EmulatorStore } from '../store/emulator-store';
import type { ConversationMessageRecord, ConversationRecord, ParticipantRecord } from '../store/records';
import { iso8601 } from '../twilio-api/twilio-formats';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** Who caused an event: a REST call (`API`), or a chat client (`SDK`, which names its identity). */
export type EventOrigin = { source: 'API' } | { source: 'SDK'; clientIdentity: string };

type EventFields = Record<string, string | null | undefined>;

/**
 * Post-action webhooks of a Conversations Service: sent to its PostWebhookUrl when the event's
 * filter is set, with the fields Twilio sends, signed with the account's Auth Token, and
 * retried on 5xx. Sent just after the REST answer, as Twilio does once the action is committed.
 */
export class ConversationsEvents {
  constructor(
    private readonly store: EmulatorStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly timers: TimerRegistry,
    private readonly timing: EmulatorTiming,
  ) {}

  conversationAdded(conversation: ConversationRecord, origin: EventOrigin): void {
    this.emit(conversation.chatServiceSid, 'onConversationAdded', origin, conversationFields(conversation));
  }

  conversationRemoved(conversation: ConversationRecord, removedAt: Date, origin: EventOrigin): void {
    this.emit(conversation.chatServiceSid, 'onConversationRemoved', origin, {
      ...conversationFields(conversation),
      DateUpdated: iso8601(conversation.dateUpdated),
      DateRemoved: iso8601(removedAt),
    });
  }

  participantAdded(participant: ParticipantRecord, origin: EventOrigin): void {
    this.emit(participant.chatServiceSid, 'onParticipantAdded', origin, this.participantFields(participant));
  }

  participantRemoved(participant: ParticipantRecord, removedAt: Date, origin: EventOrigin): void {
    this.emit(participant.chatServiceSid, 'onParticipantRemoved', origin, {
      ...this.participantFields(participant),
      DateUpdated: iso8601(participant.dateUpdated),
      DateRemoved: iso8601(removedAt),
    });
  }

  messageAdded(message: ConversationMessageRecord, origin: EventOrigin): void {
    this.emit(message.chatServiceSid, 'onMessageAdded', origin, this.messageFields(message));
  }

  messageRemoved(message: ConversationMessageRecord, removedAt: Date, origin: EventOrigin): void {
    this.emit(message.chatServiceSid, 'onMessageRemoved', origin, {
      ...this.messageFields(message),
      DateUpdated: iso8601(message.dateUpdated),
      DateRemoved: iso8601(removedAt),
    });
  }

  private participantFields(participant: ParticipantRecord): EventFields {
    return {
      ConversationSid: participant.conversationSid,
      ParticipantSid: participant.sid,
      Identity: participant.identity,
      Attributes: participant.attributes,
      RoleSid: participant.roleSid,
      DateCreated: iso8601(participant.dateCreated),
      'MessagingBinding.Type': participant.messagingBinding?.type,
      'MessagingBinding.Address': participant.messagingBinding?.address,
      'MessagingBinding.ProxyAddress': participant.messagingBinding?.proxy_address,
      MessagingServiceSid: this.store.conversations.get(participant.conversationSid)?.messagingServiceSid,
    };
  }

  private messageFields(message: ConversationMessageRecord): EventFields {
    return {
      ConversationSid: message.conversationSid,
      MessageSid: message.sid,
      Index: String(message.index),
      Author: message.author,
      Body: message.body,
      Attributes: message.attributes,
      ParticipantSid: message.participantSid,
      DateCreated: iso8601(message.dateCreated),
      MessagingServiceSid: this.store.conversations.get(message.conversationSid)?.messagingServiceSid,
    };
  }

  private emit(chatServiceSid: string, eventType: string, origin: EventOrigin, fields: EventFields): void {
    const service = this.store.conversationsServices.get(chatServiceSid);
    const account = service && this.store.accounts.get(service.accountSid);
    if (!service || !account) return;
    const { postWebhookUrl, filters, method } = service.webhooks;
    if (!postWebhookUrl || !filters.includes(eventType)) return;

    const present = Object.fromEntries(
      Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const common = {
      AccountSid: account.sid,
      ChatServiceSid: service.sid,
      EventType: eventType,
      Source: origin.source,
      ...(origin.source === 'SDK' ? { ClientIdentity: origin.clientIdentity } : {}),
    };
    // Settings are read now, the request goes out once the REST answer has left.
    this.timers.schedule(0, () => {
      void this.dispatcher.send({
        kind: 'conversations-event',
        url: postWebhookUrl,
        method,
        authToken: account.authToken,
        maxRetries: this.timing.webhookMaxRetries,
        params: (retryCount) => ({ ...common, ...present, RetryCount: String(retryCount) }),
      });
    });
  }
}

function conversationFields(conversation: ConversationRecord): EventFields {
  return {
    ConversationSid: conversation.sid,
    FriendlyName: conversation.friendlyName,
    UniqueName: conversation.uniqueName,
    Attributes: conversation.attributes,
    State: conversation.state,
    DateCreated: iso8601(conversation.dateCreated),
    MessagingServiceSid: conversation.messagingServiceSid,
  };
}
