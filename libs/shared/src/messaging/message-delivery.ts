/**
 * Delivery status of outbound messages, as Twilio reports it in status callbacks
 * ("Outbound Message Status in Status Callbacks",
 * https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks; status
 * values: "Message resource", https://www.twilio.com/docs/messaging/api/message-resource).
 */

/** The path Twilio posts message status callbacks to: `{PUBLIC_BASE_URL}/api/twilio/status-callback`. */
export const STATUS_CALLBACK_PATH = '/api/twilio/status-callback';

/** Every outbound status the Message resource documents. */
export const MESSAGE_STATUSES = [
  'accepted',
  'scheduled',
  'canceled',
  'queued',
  'sending',
  'sent',
  'failed',
  'delivered',
  'undelivered',
  'partially_delivered',
  'read',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * How far along its life a status is. Twilio's transitions (the diagram of "Outbound Message Status
 * in Status Callbacks") only move forwards: (accepted | scheduled) → queued → sending → sent →
 * delivered | undelivered | failed, and delivered → read where the channel has read receipts;
 * failed is reached from queued or sending as well, canceled from scheduled. Each callback is a
 * separate request, so they may arrive in any order: a status never replaces one of a higher rank,
 * and the final ones (rank 4) never replace each other.
 */
export const MESSAGE_STATUS_RANK: Readonly<Record<MessageStatus, number>> = {
  accepted: 0,
  scheduled: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  canceled: 4,
  failed: 4,
  delivered: 4,
  undelivered: 4,
  partially_delivered: 4,
  read: 5,
};

/** A status after which Twilio reports nothing more (except `read` after `delivered`). */
export function isFinalMessageStatus(status: MessageStatus): boolean {
  return MESSAGE_STATUS_RANK[status] >= 4;
}

export function isMessageStatus(value: unknown): value is MessageStatus {
  return typeof value === 'string' && (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/**
 * The delivery error codes support staff meet most, each with the title Twilio's error page gives
 * it (https://www.twilio.com/docs/api/errors/{code}). The console explains each in plain words.
 */
export const DELIVERY_ERROR_TITLES = {
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
  30034: 'Message from an unregistered number',
  21610: 'Attempt to send to unsubscribed recipient',
} as const satisfies Readonly<Record<number, string>>;
export type DeliveryErrorCode = keyof typeof DELIVERY_ERROR_TITLES;
export const DELIVERY_ERROR_CODES = Object.keys(DELIVERY_ERROR_TITLES).map(Number) as DeliveryErrorCode[];

export function isDeliveryErrorCode(code: unknown): code is DeliveryErrorCode {
  return typeof code === 'number' && code in DELIVERY_ERROR_TITLES;
}

/** One status Twilio reported for the message, when its callback arrived. */
export interface MessageDeliveryEvent {
  status: MessageStatus;
  errorCode: number | null;
  at: string;
}

/** `GET /api/twilio-config/test/sms/{sid}`: the message's delivery as Twilio last reported it. */
export interface MessageDeliveryView {
  sid: string;
  status: MessageStatus;
  errorCode: number | null;
  /** Twilio's title for the error code, where it is one of DELIVERY_ERROR_TITLES. */
  errorMessage: string | null;
  updatedAt: string;
  /** Each status reported once, in the order of the message's life (not of the callbacks' arrival). */
  history: MessageDeliveryEvent[];
}
