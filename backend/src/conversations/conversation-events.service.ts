import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ConversationEventsRepository, type StoredConversationEvent } from './conversation-events.repository';
import { paramValue, type TwilioWebhookParams } from '../twilio/webhook/twilio-webhook-request';

/** Events are kept this long; Twilio's retries of one delivery come within minutes, so duplicates are still caught. */
const EVENT_RETENTION_DAYS = 90;
const PRUNE_INTERVAL_MS = 6 * 60 * 60_000;

/** Twilio's idempotency tokens are short printable strings; anything else is hashed before it is stored. */
const PLAIN_TOKEN = /^[\x21-\x7e]{1,128}$/;

/** The verified inbound Conversations events of each organization: stored once, read by its support users. */
@Injectable()
export class ConversationEventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConversationEventsService.name);
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly repository: ConversationEventsRepository) {}

  /**
   * Stores a verified event for the organization; false when a delivery with the same
   * `I-Twilio-Idempotency-Token` was stored before (on any instance: the unique index decides).
   */
  record(orgId: string, idempotencyToken: string | undefined, params: TwilioWebhookParams, receivedAt: Date): Promise<boolean> {
    const field = (name: string) => paramValue(params, name);
    return this.repository.insertOnce(orgId, {
      idempotencyToken: idempotencyKey(idempotencyToken, params),
      eventType: field('EventType') ?? 'unknown',
      accountSid: field('AccountSid') ?? '',
      chatServiceSid: field('ChatServiceSid') ?? '',
      conversationSid: field('ConversationSid'),
      messageSid: field('MessageSid'),
      participantSid: field('ParticipantSid'),
      author: field('Author'),
      body: field('Body'),
      source: field('Source'),
      fields: Object.entries(params).flatMap(([name, value]) => [value].flat().map((item) => ({ name, value: item }))),
      receivedAt,
    });
  }

  list(orgId: string, options: { limit: number; conversationSid?: string }): Promise<StoredConversationEvent[]> {
    return this.repository.listLatest(orgId, options);
  }

  /** Deletes every organization's events received before the cutoff; returns how many went. */
  async pruneReceivedBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const orgId of await this.repository.listOrgIds()) deleted += await this.repository.deleteReceivedBefore(orgId, cutoff);
    return deleted;
  }

  // No TTL index on FerretDB 1.x: every instance prunes now and then (deletes are idempotent).
  onApplicationBootstrap(): void {
    this.pruneTimer = setInterval(() => void this.pruneExpired(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onApplicationShutdown(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
  }

  private async pruneExpired(): Promise<void> {
    try {
      const deleted = await this.pruneReceivedBefore(new Date(Date.now() - EVENT_RETENTION_DAYS * 24 * 60 * 60_000));
      if (deleted > 0) this.logger.log({ deleted }, 'Expired conversation events deleted');
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message } }, 'Pruning conversation events failed');
    }
  }
}

/**
 * The key a delivery is accepted once by: Twilio's token, or — should a request come without one — a
 * hash of its parameters except RetryCount, which is all that changes between retries of one event.
 */
function idempotencyKey(token: string | undefined, params: TwilioWebhookParams): string {
  if (token && PLAIN_TOKEN.test(token)) return token;
  if (token) return `sha256:${createHash('sha256').update(token).digest('hex')}`;
  const canonical = Object.keys(params)
    .filter((name) => name !== 'RetryCount')
    .sort()
    .map((name) => [name, [params[name]].flat().sort()]);
  return `derived:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}
