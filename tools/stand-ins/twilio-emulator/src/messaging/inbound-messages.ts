import type { EmulatorStore } from '../store/emulator-store';
import type { IncomingPhoneNumberRecord, MessageRecord, MessagingServiceRecord, WebhookMethod } from '../store/records';
import { newSid } from '../store/sids';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { applyKeyword, keywordOf, optOutScopeOf, type OptOutType } from './opt-outs';
import { countSegments } from './segments';

/** A text someone sends to one of the emulated accounts' numbers (or to a Messaging Service's pool). */
export interface SimulatedInboundMessage {
  from: string;
  /** An E.164 number an account owns, or a Messaging Service SID (its sticky sender for `from`, else its first number). */
  to: string;
  body: string;
}

export interface ReceivedInboundMessage {
  sid: string;
  accountSid: string;
  /** The number that received it. */
  to: string;
  messagingServiceSid: string | null;
  /** Where the webhook went; null when nothing is configured (Twilio drops the request, not the opt-out). */
  webhookUrl: string | null;
  webhookMethod: WebhookMethod | null;
  /** The keyword kind, whether or not the webhook carries it (only with Advanced Opt-Out). */
  keywordType: OptOutType | null;
  optOutChange: 'opted-out' | 'opted-in' | null;
}

export class InboundMessageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_BODY_LENGTH = 1600;

/**
 * An incoming SMS as Twilio handles it ("Twilio's request to your incoming message Webhook URL",
 * https://www.twilio.com/docs/messaging/guides/webhook-request): the message is stored (direction
 * `inbound`, status `received`), opt-out keywords update the opt-out list (messaging/opt-outs.ts),
 * then the webhook is posted, signed with the primary Auth Token, to
 * - the Messaging Service's `inbound_request_url` when the number is in a service's pool, or the
 *   number's own `sms_url` when the service says `use_inbound_webhook_on_number` ("Service
 *   resource", https://www.twilio.com/docs/messaging/api/service-resource);
 * - the number's `sms_url` otherwise ("IncomingPhoneNumber resource").
 * Twilio does not retry it by default; the TwiML answer is not acted on by the emulator.
 */
export class InboundMessages {
  constructor(
    private readonly store: EmulatorStore,
    private readonly dispatcher: WebhookDispatcher,
    private readonly now: () => Date,
  ) {}

  receive(input: Partial<SimulatedInboundMessage>): ReceivedInboundMessage {
    const { from, to, body } = input;
    if (typeof from !== 'string' || !E164.test(from)) throw new InboundMessageError(400, 'from must be an E.164 number');
    if (typeof to !== 'string') throw new InboundMessageError(400, 'to must be a phone number or a Messaging Service SID');
    if (typeof body !== 'string' || body.length > MAX_BODY_LENGTH) throw new InboundMessageError(400, 'body must be a string of at most 1600 characters');
    const number = this.receivingNumber(to, from);
    const account = this.store.accounts.get(number.accountSid);
    if (!account) throw new InboundMessageError(404, `no account owns ${number.phoneNumber}`);
    const service = this.store.messagingServiceWithSender(account.sid, number.phoneNumber) ?? null;

    const now = this.now();
    const message: MessageRecord = {
      sid: newSid('SM'),
      accountSid: account.sid,
      to: number.phoneNumber,
      from,
      body,
      status: 'received',
      direction: 'inbound',
      messagingServiceSid: service?.sid ?? null,
      statusCallback: null,
      deliveryPlan: null,
      numSegments: countSegments(body),
      errorCode: null,
      dateCreated: now,
      dateUpdated: now,
      dateSent: now,
    };
    this.store.messages.set(message.sid, message);

    const keyword = keywordOf(body);
    const optOutChange = keyword ? applyKeyword(account, from, optOutScopeOf(this.store, account.sid, number.phoneNumber), keyword, now) : null;

    const webhook = webhookOf(number, service);
    if (webhook) {
      const params: Record<string, string> = {
        MessageSid: message.sid,
        SmsSid: message.sid,
        SmsMessageSid: message.sid,
        AccountSid: account.sid,
        From: from,
        To: number.phoneNumber,
        Body: body,
        NumMedia: '0',
        NumSegments: String(message.numSegments),
        SmsStatus: 'received',
        ApiVersion: '2010-04-01',
      };
      if (service) params.MessagingServiceSid = service.sid;
      if (keyword && service?.advancedOptOut) params.OptOutType = keyword.type;
      void this.dispatcher.send({
        kind: 'incoming-message',
        url: webhook.url,
        method: webhook.method,
        authToken: account.authToken,
        maxRetries: 0,
        params: () => params,
      });
    }

    return {
      sid: message.sid,
      accountSid: account.sid,
      to: number.phoneNumber,
      messagingServiceSid: service?.sid ?? null,
      webhookUrl: webhook?.url ?? null,
      webhookMethod: webhook?.method ?? null,
      keywordType: keyword?.type ?? null,
      optOutChange,
    };
  }

  private receivingNumber(to: string, from: string): IncomingPhoneNumberRecord {
    if (to.startsWith('MG')) {
      const service = this.store.messagingServices.get(to);
      if (!service) throw new InboundMessageError(404, `no Messaging Service ${to}`);
      // The pool number that last texted `from` (sticky sender), else the first one.
      const previous = [...this.store.messages.values()]
        .reverse()
        .find((message) => message.direction === 'outbound-api' && message.to === from && message.from && service.senderPhoneNumbers.includes(message.from));
      const phoneNumber = previous?.from ?? service.senderPhoneNumbers[0];
      const number = phoneNumber ? this.store.phoneNumberOf(service.accountSid, phoneNumber) : undefined;
      if (!number) throw new InboundMessageError(400, `Messaging Service ${to} has no phone numbers`);
      return number;
    }
    const number = [...this.store.phoneNumbers.values()].find((candidate) => candidate.phoneNumber === to);
    if (!number) throw new InboundMessageError(404, `no account owns ${to}`);
    return number;
  }
}

function webhookOf(
  number: IncomingPhoneNumberRecord,
  service: MessagingServiceRecord | null,
): { url: string; method: WebhookMethod } | null {
  if (service && !service.useInboundWebhookOnNumber) {
    return service.inboundRequestUrl ? { url: service.inboundRequestUrl, method: service.inboundMethod } : null;
  }
  return number.smsUrl ? { url: number.smsUrl, method: number.smsMethod } : null;
}
