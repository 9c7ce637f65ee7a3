import type { TimerRegistry } from '../runtime/timer-registry';
import type { EmulatorTiming } from '../runtime/timing';
import type { EmulatorStore } from '../store/emulator-store';
import type { MessageRecord, MessageStatus } from '../store/records';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';

// Twilio's error codes for the two ways a sent message can end badly.
const UNREACHABLE_HANDSET = 30003;
const UNKNOWN_ERROR = 30008;

/**
 * Moves an outbound message along Twilio's statuses — (accepted →) queued → sent → delivered,
 * or → undelivered / failed for recipients the seed marks so — and posts each change to the
 * message's StatusCallback.
 */
export class MessageLifecycle {
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

  private advance(sid: string): void {
    const message = this.store.messages.get(sid);
    const account = message && this.store.accounts.get(message.accountSid);
    if (!message || !account) return; // reset meanwhile

    switch (message.status) {
      case 'accepted':
        message.from = this.pickSender(message);
        this.change(message, 'queued');
        this.timers.schedule(this.timing.sendDelayMs, () => this.advance(sid));
        return;
      case 'queued':
        if (account.failingRecipients.has(message.to)) {
          this.change(message, 'failed', UNKNOWN_ERROR);
          return;
        }
        message.dateSent = this.now();
        this.change(message, 'sent');
        this.timers.schedule(this.timing.deliverDelayMs, () => this.advance(sid));
        return;
      case 'sent':
        if (account.undeliverableRecipients.has(message.to)) this.change(message, 'undelivered', UNREACHABLE_HANDSET);
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
    this.postStatusCallback(message);
  }

  private postStatusCallback(message: MessageRecord): void {
    const account = this.store.accounts.get(message.accountSid);
    if (!message.statusCallback || !account) return;
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
    // Twilio does not retry status callbacks (unless the URL asks for it with connection overrides).
    this.dispatcher.send({
      kind: 'message-status',
      url: message.statusCallback,
      method: 'POST',
      authToken: account.authToken,
      maxRetries: 0,
      params: () => params,
    });
  }
}
