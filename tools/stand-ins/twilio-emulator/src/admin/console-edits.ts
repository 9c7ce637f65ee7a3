/**
 * What a person can change in the Twilio Console behind the product's back: the fields the
 * Console's forms edit, checked as those forms check them (absolute http(s) URLs, GET or POST),
 * applied without any REST call, so nothing tells the product (drift it must detect itself).
 */
import type { EmulatorStore } from '../store/emulator-store';
import type { ConversationsServiceRecord, IncomingPhoneNumberRecord, MessagingServiceRecord } from '../store/records';
import { SeedError, webhookMethod, webhookUrlOrNull } from '../store/seed';
import type { ConsoleConversationsWebhookEdit, ConsoleMessagingServiceEdit, ConsolePhoneNumberEdit } from './admin-types';

export class ConsoleEditError extends SeedError {}

function urlField(value: unknown, what: string): string | null {
  if (value !== null && typeof value !== 'string') throw new ConsoleEditError(`${what} must be a URL, '' or null`);
  return webhookUrlOrNull(value, what);
}

function booleanField(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new ConsoleEditError(`${what} must be true or false`);
  return value;
}

export function editConversationsWebhook(service: ConversationsServiceRecord, edit: ConsoleConversationsWebhookEdit, now: Date): void {
  const next = { ...service.webhooks, filters: [...service.webhooks.filters] };
  if (edit.preWebhookUrl !== undefined) next.preWebhookUrl = urlField(edit.preWebhookUrl, 'preWebhookUrl');
  if (edit.postWebhookUrl !== undefined) next.postWebhookUrl = urlField(edit.postWebhookUrl, 'postWebhookUrl');
  if (edit.method !== undefined) next.method = webhookMethod(edit.method, 'method');
  if (edit.filters !== undefined) {
    if (!Array.isArray(edit.filters) || edit.filters.some((filter) => typeof filter !== 'string' || !/^on[A-Z]\w+$/.test(filter))) {
      throw new ConsoleEditError('filters must be a list of event names such as onMessageAdded');
    }
    next.filters = [...new Set(edit.filters)];
  }
  service.webhooks = next;
  service.dateUpdated = now;
}

export function editPhoneNumber(number: IncomingPhoneNumberRecord, edit: ConsolePhoneNumberEdit, now: Date): void {
  const smsUrl = edit.smsUrl === undefined ? number.smsUrl : urlField(edit.smsUrl, 'smsUrl');
  const smsMethod = edit.smsMethod === undefined ? number.smsMethod : webhookMethod(edit.smsMethod, 'smsMethod');
  Object.assign(number, { smsUrl, smsMethod, dateUpdated: now });
}

export function editMessagingService(service: MessagingServiceRecord, edit: ConsoleMessagingServiceEdit, now: Date): void {
  const next: Partial<MessagingServiceRecord> = { dateUpdated: now };
  if (edit.inboundRequestUrl !== undefined) next.inboundRequestUrl = urlField(edit.inboundRequestUrl, 'inboundRequestUrl');
  if (edit.inboundMethod !== undefined) next.inboundMethod = webhookMethod(edit.inboundMethod, 'inboundMethod');
  if (edit.statusCallback !== undefined) next.statusCallback = urlField(edit.statusCallback, 'statusCallback');
  if (edit.useInboundWebhookOnNumber !== undefined) {
    next.useInboundWebhookOnNumber = booleanField(edit.useInboundWebhookOnNumber, 'useInboundWebhookOnNumber');
  }
  if (edit.advancedOptOut !== undefined) next.advancedOptOut = booleanField(edit.advancedOptOut, 'advancedOptOut');
  Object.assign(service, next);
}

/** A phone number of any account, by its PN SID or its E.164 number. */
export function phoneNumberByKey(store: EmulatorStore, key: string): IncomingPhoneNumberRecord | undefined {
  return store.phoneNumbers.get(key) ?? [...store.phoneNumbers.values()].find((number) => number.phoneNumber === key);
}
