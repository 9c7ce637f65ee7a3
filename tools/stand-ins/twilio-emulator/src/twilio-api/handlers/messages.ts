import { deliveryPlanFor } from '../../messaging/delivery-outcomes';
import { isOptedOut, optOutScopeOf } from '../../messaging/opt-outs';
import { countSegments } from '../../messaging/segments';
import { newSid } from '../../store/sids';
import type { AccountRecord, MessageRecord, MessagingServiceRecord } from '../../store/records';
import type { EmulatorServices, OperationHandler } from '../api-context';
import type { DeclaredParams } from '../declared-params';
import { slicePage, v2010ListBody } from '../pagination';
import { isValidRecipient, rfc2822, rfc2822OrNull } from '../twilio-formats';
import { invalidParameter, resourceNotFound, TwilioApiError } from '../twilio-error';

// Twilio prefixes every message a trial account sends.
const TRIAL_PREFIX = 'Sent from your Twilio trial account - ';
const MAX_BODY_LENGTH = 1600;
// Twilio's documented "invalid number" test value is refused like any malformed number.
const INVALID_TEST_NUMBER = '+15005550001';

export function messageJson(message: MessageRecord): Record<string, unknown> {
  const uri = `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}`;
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: rfc2822OrNull(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: null,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: '0',
    num_segments: String(message.numSegments),
    price: message.dateSent && message.direction === 'outbound-api' ? (-0.0079 * message.numSegments).toFixed(5) : null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${uri}/Media.json` },
    to: message.to,
    uri: `${uri}.json`,
  };
}

export const createMessage: OperationHandler = (request, services) => {
  const { account, form } = request;
  const to = form.get('To');
  const from = form.get('From') || undefined;
  const messagingServiceSid = form.get('MessagingServiceSid') || undefined;
  const body = form.get('Body');

  if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
  if (!from && !messagingServiceSid) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
  if (!body) throw new TwilioApiError(400, 21602, 'Message body is required.');
  if (!isValidRecipient(to) || to === INVALID_TEST_NUMBER) {
    throw new TwilioApiError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  }
  const service = messagingServiceSid ? messagingServiceOf(account, messagingServiceSid, services) : null;
  if (from && !services.store.ownsPhoneNumber(account.sid, from)) {
    throw new TwilioApiError(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    );
  }
  if (account.type === 'Trial' && !account.verifiedCallerIds.has(to)) {
    throw new TwilioApiError(
      400,
      21608,
      `The number ${to} is unverified. Trial accounts cannot send messages to unverified numbers; verify ${to} at twilio.com/user/account/phone-numbers/verified, or purchase a Twilio number to send messages to unverified numbers.`,
    );
  }
  // Error 21610 (https://www.twilio.com/docs/api/errors/21610): the recipient texted an opt-out
  // keyword to this sender (see messaging/opt-outs.ts); refused before anything is queued.
  const senders = [from, from && optOutScopeOf(services.store, account.sid, from), service?.sid].filter((s): s is string => !!s);
  if (isOptedOut(account, to, senders)) {
    throw new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient');
  }
  const sentBody = account.type === 'Trial' ? TRIAL_PREFIX + body : body;
  if (sentBody.length > MAX_BODY_LENGTH) {
    throw new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  }
  const statusCallback = readStatusCallback(form) ?? service?.statusCallback ?? null;

  const now = services.now();
  const message: MessageRecord = {
    sid: newSid('SM'),
    accountSid: account.sid,
    to,
    // With only a Messaging Service, Twilio accepts first and picks the sender from the pool later.
    from: from ?? null,
    body: sentBody,
    status: from ? 'queued' : 'accepted',
    direction: 'outbound-api',
    messagingServiceSid: service?.sid ?? null,
    statusCallback,
    deliveryPlan: deliveryPlanFor(services.store, account, to),
    numSegments: countSegments(sentBody),
    errorCode: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: null,
  };
  services.store.messages.set(message.sid, message);
  services.messageLifecycle.start(message);
  return { status: 201, body: messageJson(message) };
};

export const fetchMessage: OperationHandler = (request, { store }) => {
  const message = store.ownedBy(store.messages, request.pathParams.Sid, request.account.sid);
  if (!message) throw resourceNotFound(request.path);
  return { status: 200, body: messageJson(message) };
};

export const listMessages: OperationHandler = (request, { store }) => {
  const { query } = request;
  const filters: [string, string][] = [];
  for (const name of ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']) {
    const value = query.get(name);
    if (value !== undefined) filters.push([name, value]);
  }
  const matches = sentDateMatcher(query);
  // Newest first, as Twilio lists them.
  const messages = [...store.messages.values()]
    .filter((message) => message.accountSid === request.account.sid)
    .filter((message) => query.get('To') === undefined || message.to === query.get('To'))
    .filter((message) => query.get('From') === undefined || message.from === query.get('From'))
    .filter(matches)
    .reverse();

  const slice = slicePage(messages, query, 1000);
  return {
    status: 200,
    body: v2010ListBody(
      'messages',
      slice,
      slice.items.map(messageJson),
      `/2010-04-01/Accounts/${request.account.sid}/Messages.json`,
      filters,
    ),
  };
};

function messagingServiceOf(
  account: AccountRecord,
  sid: string,
  { store }: EmulatorServices,
): MessagingServiceRecord {
  const service = store.ownedBy(store.messagingServices, sid, account.sid);
  if (!service) throw new TwilioApiError(400, 21701, `The Messaging Service Sid ${sid} is invalid.`);
  if (service.senderPhoneNumbers.length === 0) {
    throw new TwilioApiError(400, 21704, 'The Messaging Service contains no phone numbers');
  }
  return service;
}

function readStatusCallback(form: DeclaredParams): string | undefined {
  const value = form.get('StatusCallback');
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TwilioApiError(400, 21609, `The StatusCallback URL ${value} is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TwilioApiError(400, 21609, `The StatusCallback URL ${value} is not a valid URL.`);
  }
  return value;
}

/**
 * `DateSent` = that day (UTC; the SDK sends a full timestamp, the day is what counts),
 * `DateSent<` = on or before, `DateSent>` = on or after; unsent messages never match.
 */
function sentDateMatcher(query: DeclaredParams): (message: MessageRecord) => boolean {
  const bounds = (name: string, wholeDay: boolean) => {
    const value = query.get(name);
    if (value === undefined) return null;
    const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    const instant = new Date(dayOnly ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(instant.getTime())) throw invalidParameter(`Invalid ${name}: ${value}`);
    if (!dayOnly && !wholeDay) return { start: instant.getTime(), end: instant.getTime() };
    const start = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
    return { start, end: start + 86_400_000 - 1 };
  };
  const on = bounds('DateSent', true);
  const before = bounds('DateSent<', false);
  const after = bounds('DateSent>', false);
  if (!on && !before && !after) return () => true;
  return (message) => {
    const sent = message.dateSent?.getTime();
    if (sent === undefined) return false;
    if (on && (sent < on.start || sent > on.end)) return false;
    if (before && sent > before.end) return false;
    if (after && sent < after.start) return false;
    return true;
  };
}
