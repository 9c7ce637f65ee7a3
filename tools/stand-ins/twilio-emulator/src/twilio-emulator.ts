import type { IncomingMessage, ServerResponse } from 'node:http';
import { AdminApi } from './admin/admin-api';
import { ADMIN_PREFIX } from './admin/admin-types';
import { FaultInjector } from './faults/fault-injector';
import { BodyTooLargeError, sendJson } from './http/http-io';
import { InboundMessages } from './messaging/inbound-messages';
import { MessageLifecycle } from './messaging/message-lifecycle';
import { TimerRegistry } from './runtime/timer-registry';
import type { EmulatorTiming } from './runtime/timing';
import { EmulatorStore } from './store/emulator-store';
import { addSeededAccount, type EmulatorSeed } from './store/seed';
import type { EmulatorServices } from './twilio-api/api-context';
import { RequestJournal } from './twilio-api/request-journal';
import { TwilioApi } from './twilio-api/twilio-api';
import { ConversationsEvents } from './webhooks/conversations-events';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';

/** The emulated Twilio without its HTTP server: state, timers, webhooks, and the two APIs. */
export class TwilioEmulator {
  readonly store = new EmulatorStore();
  private readonly timers = new TimerRegistry();
  private readonly faults = new FaultInjector();
  private readonly journal = new RequestJournal();
  private readonly dispatcher: WebhookDispatcher;
  private readonly messageLifecycle: MessageLifecycle;
  private readonly twilioApi: TwilioApi;
  private readonly adminApi: AdminApi;

  constructor(
    private readonly seed: EmulatorSeed,
    timing: EmulatorTiming,
  ) {
    const now = () => new Date();
    this.dispatcher = new WebhookDispatcher(this.timers, timing);
    this.messageLifecycle = new MessageLifecycle(this.store, this.timers, this.dispatcher, timing, now);
    const services: EmulatorServices = {
      store: this.store,
      now,
      messageLifecycle: this.messageLifecycle,
      conversationsEvents: new ConversationsEvents(this.store, this.dispatcher, this.timers, timing),
    };
    this.twilioApi = new TwilioApi(services, this.faults, this.journal, this.timers);
    this.adminApi = new AdminApi({
      services,
      faults: this.faults,
      journal: this.journal,
      dispatcher: this.dispatcher,
      inboundMessages: new InboundMessages(this.store, this.dispatcher, now),
      reset: () => this.reset(),
    });
    this.loadSeed();
  }

  /** Back to the seed: accounts as seeded, nothing sent, no faults, nothing scheduled. */
  reset(): void {
    this.timers.cancelAll();
    this.dispatcher.reset();
    this.messageLifecycle.reset();
    this.faults.clear();
    this.journal.clear();
    this.store.clear();
    this.loadSeed();
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://twilio-emulator');
    const api = url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`) ? this.adminApi : this.twilioApi;
    api.handle(request, response, url).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(response, 413, { error: error.message });
      console.error('twilio-emulator: unexpected error', error);
      sendJson(response, 500, { error: 'internal error' });
    });
  }

  stop(): void {
    this.timers.stop();
    this.dispatcher.reset();
  }

  private loadSeed(): void {
    const now = new Date();
    for (const account of this.seed.accounts) addSeededAccount(this.store, account, now);
  }
}
