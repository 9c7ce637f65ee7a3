import { randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TimerRegistry } from '../runtime/timer-registry';
import type { EmulatorTiming } from '../runtime/timing';
import type { WebhookMethod } from '../store/records';
import { twilioSignature, type WebhookParams } from './twilio-signature';

export type WebhookKind = 'message-status' | 'incoming-message' | 'conversations-event';

/** One HTTP attempt the emulator made, as tests and the admin API see it. */
export interface WebhookDelivery {
  kind: WebhookKind;
  /** The URL as configured; for GET the parameters are in `requestUrl` too. */
  url: string;
  requestUrl: string;
  method: WebhookMethod;
  headers: Record<string, string>;
  params: WebhookParams;
  /** 1 for the first try, 2 for the first retry… */
  attempt: number;
  /** HTTP status of the answer; null when there was none (refused, timed out). */
  responseStatus: number | null;
  error: string | null;
  sentAt: string;
}

export interface WebhookRequest {
  kind: WebhookKind;
  url: string;
  method: WebhookMethod;
  /** Parameters of one attempt (Conversations events carry their RetryCount). */
  params: (retryCount: number) => WebhookParams;
  /** The account's Auth Token, which signs the request. */
  authToken: string;
  maxRetries: number;
}

const MAX_KEPT_DELIVERIES = 2_000;
const USER_AGENT = 'TwilioProxy/1.1';

/** Sends signed webhooks like Twilio: form-encoded, `X-Twilio-Signature`, `I-Twilio-Idempotency-Token`. */
export class WebhookDispatcher {
  private readonly kept: WebhookDelivery[] = [];
  private readonly inFlight = new Set<ClientRequest>();
  private generation = 0;

  constructor(
    private readonly timers: TimerRegistry,
    private readonly timing: EmulatorTiming,
  ) {}

  get deliveries(): readonly WebhookDelivery[] {
    return this.kept;
  }

  /** Resolves once the first attempt has an outcome (retries go on in the background). */
  send(webhook: WebhookRequest): Promise<void> {
    // One token for every attempt of one event: receivers use it to accept a retry once.
    const idempotencyToken = randomUUID();
    return this.attempt(webhook, idempotencyToken, 1, this.generation);
  }

  /** Forgets what was sent and abandons what is under way (admin reset). */
  reset(): void {
    this.generation++;
    this.kept.length = 0;
    for (const request of this.inFlight) request.destroy();
    this.inFlight.clear();
  }

  private async attempt(webhook: WebhookRequest, idempotencyToken: string, attempt: number, generation: number): Promise<void> {
    const params = webhook.params(attempt - 1);
    const encoded = encodeForm(params);
    const requestUrl =
      webhook.method === 'GET' ? `${webhook.url}${webhook.url.includes('?') ? '&' : '?'}${encoded}` : webhook.url;
    // For GET Twilio signs the URL with its query and no body parameters.
    const signature = twilioSignature(webhook.authToken, requestUrl, webhook.method === 'GET' ? {} : params);
    const headers: Record<string, string> = {
      'X-Twilio-Signature': signature,
      'I-Twilio-Idempotency-Token': idempotencyToken,
      'User-Agent': USER_AGENT,
      Accept: '*/*',
    };
    if (webhook.method === 'POST') headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=UTF-8';

    const delivery: WebhookDelivery = {
      kind: webhook.kind,
      url: webhook.url,
      requestUrl,
      method: webhook.method,
      headers,
      params,
      attempt,
      responseStatus: null,
      error: null,
      sentAt: new Date().toISOString(),
    };
    this.keep(delivery);

    const outcome = await this.post(requestUrl, webhook.method, headers, webhook.method === 'POST' ? encoded : '');
    if (generation !== this.generation) return;
    delivery.responseStatus = outcome.status;
    delivery.error = outcome.error;

    const failed = outcome.status === null || outcome.status >= 500;
    if (failed && attempt <= webhook.maxRetries) {
      this.timers.schedule(this.timing.webhookRetryDelayMs, () => {
        if (generation === this.generation) void this.attempt(webhook, idempotencyToken, attempt + 1, generation);
      });
    }
  }

  private post(
    url: string,
    method: WebhookMethod,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: `invalid URL ${url}` });
        return;
      }
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(
        target,
        {
          method,
          headers: { ...headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
          agent: false,
          timeout: this.timing.webhookTimeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            this.inFlight.delete(request);
            resolve({ status: response.statusCode ?? null, error: null });
          });
          response.on('error', (error) => {
            this.inFlight.delete(request);
            resolve({ status: response.statusCode ?? null, error: error.message });
          });
        },
      );
      this.inFlight.add(request);
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.timing.webhookTimeoutMs} ms`)));
      request.on('error', (error) => {
        this.inFlight.delete(request);
        resolve({ status: null, error: error.message });
      });
      request.end(body);
    });
  }

  private keep(delivery: WebhookDelivery): void {
    this.kept.push(delivery);
    if (this.kept.length > MAX_KEPT_DELIVERIES) this.kept.splice(0, this.kept.length - MAX_KEPT_DELIVERIES);
  }
}

function encodeForm(params: WebhookParams): string {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of [value].flat()) form.append(name, item);
  }
  return form.toString();
}
