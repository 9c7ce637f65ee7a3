import type {
  AccountRecord,
  ApiKeyRecord,
  ConversationMessageRecord,
  ConversationRecord,
  ConversationsServiceRecord,
  DeliveryOutcomeRecord,
  IncomingPhoneNumberRecord,
  MessageRecord,
  MessagingServiceRecord,
  ParticipantRecord,
} from './records';

/** The emulator's whole state, in memory; Maps keep insertion order, which lists rely on. */
export class EmulatorStore {
  readonly accounts = new Map<string, AccountRecord>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly phoneNumbers = new Map<string, IncomingPhoneNumberRecord>();
  readonly messagingServices = new Map<string, MessagingServiceRecord>();
  readonly conversationsServices = new Map<string, ConversationsServiceRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly participants = new Map<string, ParticipantRecord>();
  readonly conversationMessages = new Map<string, ConversationMessageRecord>();
  /** Admin-set delivery outcomes, by `{accountSid or *}|{to}`. */
  readonly deliveryOutcomes = new Map<string, DeliveryOutcomeRecord>();

  clear(): void {
    for (const collection of [
      this.accounts,
      this.apiKeys,
      this.phoneNumbers,
      this.messagingServices,
      this.conversationsServices,
      this.messages,
      this.conversations,
      this.participants,
      this.conversationMessages,
      this.deliveryOutcomes,
    ]) {
      collection.clear();
    }
  }

  phoneNumbersOf(accountSid: string): IncomingPhoneNumberRecord[] {
    return [...this.phoneNumbers.values()].filter((number) => number.accountSid === accountSid);
  }

  ownsPhoneNumber(accountSid: string, phoneNumber: string): boolean {
    return this.phoneNumbersOf(accountSid).some((number) => number.phoneNumber === phoneNumber);
  }

  /** A resource of another account is as invisible as one that does not exist. */
  ownedBy<T extends { accountSid: string }>(collection: Map<string, T>, sid: string, accountSid: string): T | null {
    const record = collection.get(sid);
    return record && record.accountSid === accountSid ? record : null;
  }

  /** The account's phone number record for an E.164 number, if it owns it. */
  phoneNumberOf(accountSid: string, phoneNumber: string): IncomingPhoneNumberRecord | undefined {
    return this.phoneNumbersOf(accountSid).find((number) => number.phoneNumber === phoneNumber);
  }

  /** The account's (first) Messaging Service whose sender pool holds the number. */
  messagingServiceWithSender(accountSid: string, phoneNumber: string): MessagingServiceRecord | undefined {
    return [...this.messagingServices.values()].find(
      (service) => service.accountSid === accountSid && service.senderPhoneNumbers.includes(phoneNumber),
    );
  }

  participantsOf(conversationSid: string): ParticipantRecord[] {
    return [...this.participants.values()].filter((participant) => participant.conversationSid === conversationSid);
  }

  messagesOf(conversationSid: string): ConversationMessageRecord[] {
    return [...this.conversationMessages.values()].filter((message) => message.conversationSid === conversationSid);
  }

  removeConversation(conversationSid: string): void {
    for (const participant of this.participantsOf(conversationSid)) this.participants.delete(participant.sid);
    for (const message of this.messagesOf(conversationSid)) this.conversationMessages.delete(message.sid);
    this.conversations.delete(conversationSid);
  }
}
