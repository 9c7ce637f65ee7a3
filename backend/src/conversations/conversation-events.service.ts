import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ExpiredRecordsPruner } from '../common/retention/expired-records.pruner';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import {
  ConversationEventsRepository,
  type BatchInsertOutcome,
  type ConversationEventWrite,
  type StoredConversationEvent,
} from './conversation-events.repository';
import { FairGroupCommit, PendingLimitReachedError } from './fair-group-commit';
import type { TwilioWebhookParams } from '../twilio/webhook/twilio-webhook-request';

/** Twilio's idempotency tokens are short printable strings; anything else is hashed before it is stored. */
const PLAIN_TOKEN = /^[\x21-\x7e]{1,128}$/;

/**
 * Group commit (docs/architecture.md, "Conversation events"): at most this many events in one
 * insertMany, one batch written at a time per instance (FerretDB serialises writes anyway; on
 * MongoDB a batch of this size commits in one round trip).
 */
const MAX_BATCH = 128;
const MAX_BATCHES_IN_FLIGHT = 1;
/**
 * Events of one organization in a batch while other organizations post too (FairGroupCommit): another
 * organization's event waits for the batch being written, then rides in the next, so both stay short.
 * Measured on FerretDB (one organization flooding over 50 connections, another posting 100/s): the
 * quiet one's p99 30–38 ms uncapped, 21–26 ms at 16. Since the stand-in's SQLite driver was upgraded
 * (a batch writes in about two thirds of the time), 8 measured better than 16: p99 18–24 ms against
 * 32–51 ms (p50 4–5 against 8 ms), the flood's rate unchanged within the noise (2,000–2,250 req/s
 * against 2,170–2,280); at 4, 15–23 ms, but the flood lost a quarter to a third. Alone, an
 * organization's batches are not capped.
 */
const MAX_PER_ORGANIZATION_WHEN_SHARED = 8;
/**
 * While an organization has its full share waiting, organizations with at most this many events
 * waiting are written first, in a short batch of their own (FairGroupCommit's sparseAtMost): a steady
 * organization has one or two waiting at a time. Measured as above (five runs each, alternating): the
 * quiet one's p99 12–34 ms (median 15) against 15–34 (median 22), p50 3 against 4–5 ms, p90 6–9 against
 * 8–12 ms; the flood's rate 2,180–2,490 against 2,120–2,760 req/s.
 */
const FEW_WAITING = 2;
/** How long an organization's stored count is trusted (plus what this instance stored since) before it is read again. */
const STORED_COUNT_REFRESH_MS = 60_000;
/**
 * How often this instance adds what it stored to the organizations' counts (conversation_event_counts).
 * Other instances read a count only every STORED_COUNT_REFRESH_MS, so a second gained nothing, while
 * each flush is one upsert per organization through the database's one writer: with 50 organizations
 * posting, flushing every second doubled the events' p99 on FerretDB (84–88 ms → 48–55 ms at 10 s).
 * Shutdown and the retention clean-up flush first.
 */
const COUNT_FLUSH_INTERVAL_MS = 10_000;
/** Retry-After when an organization's stored events reach the limit: they only go as the oldest reach 90 days. */
const STORED_LIMIT_RETRY_AFTER_SECONDS = 3600;
/** Retry-After when an organization has too many events waiting: the next batches take seconds at most. */
const PENDING_LIMIT_RETRY_AFTER_SECONDS = 1;

/** 429: the organization reached one of the webhook's per-organization bounds (WEBHOOK_EVENTS_* in `.env.example`). */
export class WebhookEventsLimitError extends ApiError {
  constructor(readonly limit: 'stored' | 'pending') {
    const retryAfterSeconds = limit === 'stored' ? STORED_LIMIT_RETRY_AFTER_SECONDS : PENDING_LIMIT_RETRY_AFTER_SECONDS;
    super(
      429,
      'RATE_LIMITED',
      limit === 'stored'
        ? `This organization stores as many webhook events as allowed; try again in ${retryAfterSeconds} s.`
        : `Too many webhook events of this organization are waiting to be stored; try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}

/** What a delivery is recognised by: Twilio's (unsigned) token, and what the signature covers. */
export interface DeliveryKeys {
  idempotencyToken: string | undefined;
  /** SHA-256 of the signed content (webhook/signed-content-hash.ts). */
  signedContentHash: string;
}

type QueuedEvent = ConversationEventWrite & { orgId: string };

/** An organization's stored events as this instance knows them: read, then what it stored and reserved since. */
interface StoredCount {
  counted: number;
  countedAt: number;
  /** Stored by this instance and not in `counted`. */
  storedSince: number;
  /** Submitted, not yet answered. */
  reserved: number;
  counting: Promise<void> | null;
}

/** The verified inbound Conversations events of each organization: stored once, read by its support users. */
@Injectable()
export class ConversationEventsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConversationEventsService.name);
  private readonly groupCommit: FairGroupCommit<QueuedEvent, BatchInsertOutcome>;
  private readonly storedCounts = new Map<string, StoredCount>();
  /** Stored by this instance, not yet added to conversation_event_counts. */
  private unflushedCounts = new Map<string, number>();
  private countFlushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repository: ConversationEventsRepository,
    private readonly config: AppConfig,
    private readonly pruner: ExpiredRecordsPruner,
  ) {
    this.groupCommit = new FairGroupCommit((events) => this.repository.insertBatch(events), {
      maxBatch: MAX_BATCH,
      maxPendingPerKey: config.webhookEvents.pendingPerOrganization,
      maxInFlight: MAX_BATCHES_IN_FLIGHT,
      maxPerKeyWhenShared: MAX_PER_ORGANIZATION_WHEN_SHARED,
      sparseAtMost: FEW_WAITING,
    });
  }

  /**
   * Stores a verified event for the organization, resolving once it is written (with its batch);
   * false when a delivery with the same `I-Twilio-Idempotency-Token` or the same signed content was
   * stored before (on any instance: the unique indexes decide). Throws WebhookEventsLimitError (429)
   * over the organization's bounds; other organizations are not affected.
   */
  async record(orgId: string, keys: DeliveryKeys, params: TwilioWebhookParams, receivedAt: Date): Promise<boolean> {
    const count = await this.storedCountOf(orgId);
    if (count.counted + count.storedSince + count.reserved >= this.config.webhookEvents.storedPerOrganization) {
      throw new WebhookEventsLimitError('stored');
    }
    count.reserved += 1;
    let outcome: BatchInsertOutcome;
    try {
      outcome = await this.groupCommit.submit(orgId, {
        orgId,
        idempotencyToken: idempotencyKey(keys.idempotencyToken, params),
        signedContentHash: keys.signedContentHash,
        fields: Object.entries(params).flatMap(([name, value]) => [value].flat().map((item) => ({ name, value: item }))),
        receivedAt,
      });
    } catch (error) {
      if (error instanceof PendingLimitReachedError) throw new WebhookEventsLimitError('pending');
      throw error;
    } finally {
      count.reserved -= 1;
    }
    if (outcome instanceof Error) throw outcome;
    if (outcome === 'stored') {
      count.storedSince += 1;
      this.unflushedCounts.set(orgId, (this.unflushedCounts.get(orgId) ?? 0) + 1);
    }
    return outcome === 'stored';
  }

  list(orgId: string, options: { limit: number; conversationSid?: string }): Promise<StoredConversationEvent[]> {
    return this.repository.listLatest(orgId, options);
  }

  /** Deletes every organization's events received before the cutoff (and takes them off its count); returns how many went. */
  async pruneReceivedBefore(cutoff: Date): Promise<number> {
    await this.flushCounts(); // what this instance stored is counted before it can be taken off
    let deleted = 0;
    for (const orgId of await this.repository.listOrgIds()) {
      const ofOrganization = await this.repository.deleteReceivedBefore(orgId, cutoff);
      await this.repository.addToStoredCounts(new Map([[orgId, -ofOrganization]]));
      deleted += ofOrganization;
    }
    return deleted;
  }

  // Kept RECORD_RETENTION_DAYS (common/retention), pruned by a timer on every instance: no TTL index on FerretDB 1.x.
  onModuleInit(): void {
    this.pruner.register({ name: 'conversation_events', deleteBefore: (cutoff) => this.pruneReceivedBefore(cutoff) });
  }

  async onApplicationBootstrap(): Promise<void> {
    const backfilled = await this.repository.backfillSignedContentHashes();
    if (backfilled > 0) this.logger.log({ backfilled }, 'Earlier conversation events given a signed content hash');
    this.countFlushTimer = setInterval(() => void this.flushCounts(), COUNT_FLUSH_INTERVAL_MS);
    this.countFlushTimer.unref();
  }

  /** Events already accepted for writing are written (and counted) before the instance stops. */
  async onApplicationShutdown(): Promise<void> {
    if (this.countFlushTimer) clearInterval(this.countFlushTimer);
    await this.groupCommit.drain();
    await this.flushCounts();
  }

  private async flushCounts(): Promise<void> {
    if (this.unflushedCounts.size === 0) return;
    const changes = this.unflushedCounts;
    this.unflushedCounts = new Map();
    try {
      await this.repository.addToStoredCounts(changes);
    } catch (error) {
      // Kept for the next flush: a count that lags errs towards letting an organization store more, briefly.
      for (const [orgId, change] of changes) this.unflushedCounts.set(orgId, (this.unflushedCounts.get(orgId) ?? 0) + change);
      this.logger.warn({ err: { message: (error as Error).message } }, 'Counting stored conversation events failed');
    }
  }

  /** Read once, then trusted with what this instance stored since, and read again in the background now and then. */
  private async storedCountOf(orgId: string): Promise<StoredCount> {
    let count = this.storedCounts.get(orgId);
    if (!count) {
      count = { counted: 0, countedAt: 0, storedSince: 0, reserved: 0, counting: null };
      this.storedCounts.set(orgId, count);
    }
    if (count.countedAt === 0) await this.countAgain(orgId, count);
    else if (Date.now() - count.countedAt > STORED_COUNT_REFRESH_MS) {
      this.countAgain(orgId, count).catch((error: Error) =>
        this.logger.warn({ orgId, err: { message: error.message } }, 'Counting stored conversation events failed'),
      );
    }
    return count;
  }

  private countAgain(orgId: string, count: StoredCount): Promise<void> {
    count.counting ??= (async () => {
      try {
        count.counted = await this.repository.readStoredCount(orgId);
        // What this instance stored and has not yet added to the count (a flush under way is briefly in neither).
        count.storedSince = this.unflushedCounts.get(orgId) ?? 0;
        count.countedAt = Date.now();
      } finally {
        count.counting = null;
      }
    })();
    return count.counting;
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
