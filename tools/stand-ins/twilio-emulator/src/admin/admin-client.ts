import {
  ADMIN_PREFIX,
  type ApiExchange,
  type ConsoleConversationsWebhookEdit,
  type ConsoleMessagingServiceEdit,
  type ConsolePhoneNumberEdit,
  type DeliveryOutcome,
  type DeliveryOutcomeSpec,
  type OptOutEntry,
  type ReceivedInboundMessage,
  type SimulatedInboundMessage,
  type CreateAccountOptions,
  type CreateApiKeyOptions,
  type CreatedApiKey,
  type EmulatorAccountSummary,
  type FaultSpec,
  type PendingFault,
  type SentMessage,
  type ServiceWebhookConfiguration,
  type SimulatedConversationMessage,
  type WebhookDelivery,
} from './admin-types';

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * A typed client of the emulator's admin API (`/__admin/...`), usable from any process that
 * knows the emulator's URL: jest suites of the backend, e2e set-up, `npm start`.
 */
export class EmulatorAdminClient {
  private readonly baseUrl: string;

  constructor(emulatorUrl: string) {
    this.baseUrl = emulatorUrl.replace(/\/+$/, '') + ADMIN_PREFIX;
  }

  /** Adds an account with what it owns; SIDs and tokens left out are generated. */
  createAccount(options: CreateAccountOptions = {}): Promise<EmulatorAccountSummary> {
    return this.call('POST', '/accounts', options);
  }

  accounts(): Promise<EmulatorAccountSummary[]> {
    return this.call('GET', '/accounts');
  }

  /** A Standard key unless `options.type` says otherwise; a string is the friendly name. */
  createApiKey(accountSid: string, options: string | CreateApiKeyOptions = {}): Promise<CreatedApiKey> {
    return this.call('POST', `/accounts/${accountSid}/api-keys`, typeof options === 'string' ? { friendlyName: options } : options);
  }

  /** Every SMS the emulator was asked to send (optionally one account's), oldest first. */
  messages(accountSid?: string): Promise<SentMessage[]> {
    return this.call('GET', accountSid ? `/messages?accountSid=${encodeURIComponent(accountSid)}` : '/messages');
  }

  /** Every webhook and status-callback request the emulator attempted, oldest first. */
  webhookDeliveries(): Promise<WebhookDelivery[]> {
    return this.call('GET', '/webhook-deliveries');
  }

  /** Every Twilio REST call the emulator answered, oldest first (no credentials). */
  requests(): Promise<ApiExchange[]> {
    return this.call('GET', '/requests');
  }

  /** Makes the next `count` Twilio calls (matching `pathContains`) fail, hang, or both. */
  injectFaults(fault: FaultSpec): Promise<PendingFault[]> {
    return this.call('POST', '/faults', fault);
  }

  pendingFaults(): Promise<PendingFault[]> {
    return this.call('GET', '/faults');
  }

  clearFaults(): Promise<void> {
    return this.call('DELETE', '/faults');
  }

  /** Back to the seed: seeded accounts only, nothing sent, no faults. */
  reset(): Promise<void> {
    return this.call('POST', '/reset');
  }

  /** A Conversations Service's webhook settings as the emulated Twilio holds them. */
  conversationsWebhook(serviceSid: string): Promise<ServiceWebhookConfiguration> {
    return this.call('GET', `/conversations-services/${serviceSid}/webhook`);
  }

  /**
   * A person edits the service's webhooks in the Twilio Console: only the fields given change, no
   * REST call is made and nothing tells the product (for drift detection). Answers the new settings.
   */
  editConversationsWebhookInConsole(serviceSid: string, edit: ConsoleConversationsWebhookEdit): Promise<ServiceWebhookConfiguration> {
    return this.call('POST', `/conversations-services/${serviceSid}/webhook`, edit);
  }

  /** A person sets a number's "A message comes in" webhook in the Console (by PN SID or E.164 number). */
  editPhoneNumberInConsole(
    sidOrPhoneNumber: string,
    edit: ConsolePhoneNumberEdit,
  ): Promise<{ sid: string; phoneNumber: string; smsUrl: string | null; smsMethod: 'GET' | 'POST' }> {
    return this.call('POST', `/phone-numbers/${encodeURIComponent(sidOrPhoneNumber)}`, edit);
  }

  /** A person edits a Messaging Service's integration (incoming messages, status callback) or Advanced Opt-Out in the Console. */
  editMessagingServiceInConsole(serviceSid: string, edit: ConsoleMessagingServiceEdit): Promise<Required<ConsoleMessagingServiceEdit> & { sid: string }> {
    return this.call('POST', `/messaging-services/${serviceSid}`, edit);
  }

  /**
   * How messages to `spec.to` (of one account, or of all) will end from now on: delivered, or
   * failed / undelivered with a Twilio error code (30003, 30005, 30006, 30007, 30008, 30034, …),
   * and whether their status callbacks come out of order or duplicated. Replaces an earlier
   * outcome for the same number; lasts until clearDeliveryOutcomes() or reset().
   */
  setDeliveryOutcome(spec: DeliveryOutcomeSpec): Promise<DeliveryOutcome> {
    return this.call('POST', '/delivery-outcomes', spec);
  }

  deliveryOutcomes(): Promise<DeliveryOutcome[]> {
    return this.call('GET', '/delivery-outcomes');
  }

  clearDeliveryOutcomes(): Promise<void> {
    return this.call('DELETE', '/delivery-outcomes');
  }

  /**
   * Someone texts `message.body` from `message.from` to a number (or a Messaging Service's pool):
   * opt-out / opt-in keywords update the account's opt-out list and the signed incoming-message
   * webhook is posted to the number's SmsUrl or the service's InboundRequestUrl.
   */
  sendInboundMessage(message: SimulatedInboundMessage): Promise<ReceivedInboundMessage> {
    return this.call('POST', '/inbound-messages', message);
  }

  /** The account's opt-out list (seeded account-wide entries have sender `*`). */
  optOuts(accountSid: string): Promise<OptOutEntry[]> {
    return this.call('GET', `/accounts/${accountSid}/opt-outs`);
  }

  /** Posts a message as a chat client would, which fires onMessageAdded (Source=SDK) without any REST header. */
  simulateConversationMessage(
    serviceSid: string,
    conversationSidOrUniqueName: string,
    message: SimulatedConversationMessage,
  ): Promise<{ sid: string; index: number }> {
    return this.call(
      'POST',
      `/conversations-services/${serviceSid}/conversations/${encodeURIComponent(conversationSidOrUniqueName)}/messages`,
      message,
    );
  }

  /** Polls webhookDeliveries() until one matches (and has an outcome); rejects after timeoutMs. */
  async waitForWebhookDelivery(
    matches: (delivery: WebhookDelivery) => boolean,
    options: WaitOptions = {},
  ): Promise<WebhookDelivery> {
    return this.poll(async () => {
      const deliveries = await this.webhookDeliveries();
      return deliveries.find((delivery) => matches(delivery) && (delivery.responseStatus !== null || delivery.error !== null));
    }, options, 'a matching webhook delivery');
  }

  /** Polls messages() until the message reaches one of `statuses`; rejects after timeoutMs. */
  async waitForMessageStatus(messageSid: string, statuses: SentMessage['status'][], options: WaitOptions = {}): Promise<SentMessage> {
    return this.poll(async () => {
      const messages = await this.messages();
      return messages.find((message) => message.sid === messageSid && statuses.includes(message.status));
    }, options, `message ${messageSid} to reach ${statuses.join(' or ')}`);
  }

  private async poll<T>(probe: () => Promise<T | undefined>, options: WaitOptions, what: string): Promise<T> {
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`twilio-emulator: timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 20));
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      const detail = text ? (JSON.parse(text) as { error?: string }).error : undefined;
      throw new Error(`twilio-emulator admin ${method} ${path}: ${response.status} ${detail ?? ''}`.trim());
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
