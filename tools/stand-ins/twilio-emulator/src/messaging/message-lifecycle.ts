import type { TimerRegistry } from '../runtime/timer-registry';
import type { EmulatorTiming } from '../runtime/timing';
import type { EmulatorStore } from '../store/emulator-store';
import type { MessageRecord, MessageStatus } from '../store/records';
import type { WebhookParams } from '../webhooks/twilio-signature';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

const FINAL_STATUSES: readonly MessageStatus[] = ['delivered', 'undelivered', 'failed'];

/**
 * Moves an outbound message along Twilio's statuses — (accepted →) queued → sent → delivered,
 * → sent → undelivered, or → failed — as its delivery plan says, and posts each change to the
 * message's StatusCallback ("Outbound Message Status in Status Callbacks",
 * https://www.twilio.com/docs/messaging/guides/outbound-message-status-in-status-callbacks: no
 * callback for the status the message is created with).
 *
 * Callbacks are signed with the account's primary Auth Token as it is when each is posted, so
 * after a promotion they carry the new token's signature. A plan may ask for the callbacks out of
 * order (held until the last status, then posted newest first, each after the previous answered)
 * or duplicated: both happen with Twilio, whose callbacks are independent requests.
 */
export class MessageLifecycle {
  /** Callbacks held back for `reversed` plans, by message SID. */
  private readonly held = new Map<string, WebhookParams[]>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly timers: TimerRegistry,
    private readonly dispatcher: WebhookDispatcher,
    private readonly timing: EmulatorTiming,
    private readonly now: () => Date,
  ) {}

  start(message: MessageRecord): void {
    this.timers.schedule(this.timing.sendDelayMs, () => this.advance(message.sid));
  }

  /** Forgets held callbacks (admin reset). */
  reset(): void {
    this.held.clear();
  }

  private advance(sid: string): void {
    const message = this.store.messages.get(sid);
    const plan = message?.deliveryPlan;
    if (!message || !plan || !this.store.accounts.has(message.accountSid)) return; // reset meanwhile

    switch (message.status) {
      case 'accepted':
        message.from = this.pickSender(message);
        this.change(message, 'queued');
        this.timers.schedule(this.timing.sendDelayMs, () => this.advance(sid));
        return;
      case 'queued':
        if (plan.finalStatus === 'failed') {
          this.change(message, 'failed', plan.errorCode);
          return;
        }
        message.dateSent = this.now();
        this.change(message, 'sent');
        this.timers.schedule(this.timing.deliverDelayMs, () => this.advance(sid));
        return;
      case 'sent':
        if (plan.finalStatus === 'undelivered') this.change(message, 'undelivered', plan.errorCode);
        else this.change(message, 'delivered');
        return;
      default:
        return;
    }
  }

  /** Twilio's sticky sender: the number that last texted this recipient, else the first in the pool. */
  private pickSender(message: MessageRecord): string | null {
    const service = message.messagingServiceSid ? this.store.messagingServices.get(message.messagingServiceSid) : undefined;
    const pool = service?.senderPhoneNumbers ?? [];
    const previous = [...this.store.messages.values()]
      .reverse()
      .find((other) => other.sid !== message.sid && other.to === message.to && other.from && pool.includes(other.from));
    return previous?.from ?? pool[0] ?? null;
  }

  private change(message: MessageRecord, status: MessageStatus, errorCode: number | null = null): void {
    message.status = status;
    message.errorCode = errorCode;
    message.dateUpdated = this.now();
    if (!message.statusCallback || !message.deliveryPlan) return;

    const params = statusCallbackParams(message, this.now());
    if (message.deliveryPlan.callbackOrder === 'in-order') {
      this.post(message, params);
      return;
    }
    const held = [...(this.held.get(message.sid) ?? []), params];
    this.held.set(message.sid, held);
    if (FINAL_STATUSES.includes(status)) {
      this.held.delete(message.sid);
      void this.postOneAfterAnother(message, held.reverse());
    }
  }

  private async postOneAfterAnother(message: MessageRecord, callbacks: WebhookParams[]): Promise<void> {
    for (const params of callbacks) {
      if (this.store.messages.get(message.sid) !== message) return; // reset meanwhile
      await Promise.all(this.post(message, params));
    }
  }

  /** Posts the callback (and its duplicates); Twilio does not retry status callbacks unless the URL asks for it. */
  private post(message: MessageRecord, params: WebhookParams): Promise<void>[] {
    const account = this.store.accounts.get(message.accountSid);
    if (!account || !message.statusCallback) return [];
    const copies = 1 + (message.deliveryPlan?.duplicateCallbacks ?? 0);
    return Array.from({ length: copies }, () =>
      this.dispatcher.send({
        kind: 'message-status',
        url: message.statusCallback as string,
        method: 'POST',
        authToken: account.authToken,
        maxRetries: 0,
        params: () => params,
      }),
    );
  }
}

/**
 * The status callback's parameters ("Track the Message Status of Outbound Messages",
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status): MessageStatus and
 * the deprecated SmsStatus, MessageSid / SmsSid, AccountSid, From, To, ApiVersion,
 * MessagingServiceSid when one was used, ErrorCode for `failed` / `undelivered`, and for SMS the
 * carrier's RawDlrDoneDate (YYMMDDhhmm, UTC) for `delivered` / `undelivered`.
 */
function statusCallbackParams(message: MessageRecord, at: Date): WebhookParams {
  const params: Record<string, string> = {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    From: message.from ?? '',
    To: message.to,
    MessageSid: message.sid,
    SmsSid: message.sid,
    MessageStatus: message.status,
    SmsStatus: message.status,
  };
  if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
  if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
  if (message.status === 'delivered' || message.status === 'undelivered') params.RawDlrDoneDate = rawDlrDate(at);
  return params;
}

function rawDlrDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}
