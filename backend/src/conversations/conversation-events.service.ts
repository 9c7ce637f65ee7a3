import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ExpiredRecordsPruner } from '../common/retention/expired-records.pruner';
import { ConversationEventsRepository, type StoredConversationEvent } from './conversation-events.repository';
import { paramValue, type TwilioWebhookParams } from '../twilio/webhook/twilio-webhook-request';

/** Twilio's idempotency tokens are short printable strings; anything else is hashed before it is stored. */
const PLAIN_TOKEN = /^[\x21-\x7e]{1,128}$/;

/** The verified inbound Conversations events of each organization: stored once, read by its support users. */
@Injectable()
export class ConversationEventsService implements OnModuleInit {
  constructor(
    private readonly repository: ConversationEventsRepository,
    private readonly pruner: ExpiredRecordsPruner,
  ) {}

  // Kept RECORD_RETENTION_DAYS (common/retention), pruned by a timer on every instance: no TTL index on FerretDB 1.x.
  onModuleInit(): void {
    this.pruner.register({ name: 'conversation_events', deleteBefore: (cutoff) => this.pruneReceivedBefore(cutoff) });
  }

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
