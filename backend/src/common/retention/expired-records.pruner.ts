import { Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../clock';

/**
 * How long stored records of inbound traffic (conversation events, message delivery statuses) are
 * kept. Twilio's retries of one delivery come within minutes, so duplicates are still caught.
 */
export const RECORD_RETENTION_DAYS = 90;
const PRUNE_INTERVAL_MS = 6 * 60 * 60_000;

/** A collection whose records expire: `deleteBefore` deletes those older than the cutoff and answers how many. */
export interface ExpiringRecords {
  name: string;
  deleteBefore(cutoff: Date): Promise<number>;
}

/**
 * Deletes expired records of every registered collection now and then. No TTL index on FerretDB 1.x
 * (docs/architecture.md, "MongoDB idiom"): every instance runs the timer, and the deletes are
 * idempotent. Features register their collections when their module initializes.
 */
@Injectable()
export class ExpiredRecordsPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiredRecordsPruner.name);
  private readonly collections: ExpiringRecords[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly clock: Clock) {}

  register(records: ExpiringRecords): void {
    this.collections.push(records);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pruneExpired(), PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes, in every registered collection, the records older than RECORD_RETENTION_DAYS; answers how many went, by collection. */
  async pruneExpired(): Promise<Record<string, number>> {
    const cutoff = new Date(this.clock.now().getTime() - RECORD_RETENTION_DAYS * 24 * 60 * 60_000);
    const deleted: Record<string, number> = {};
    for (const records of this.collections) {
      try {
        deleted[records.name] = await records.deleteBefore(cutoff);
        if (deleted[records.name] > 0) this.logger.log({ collection: records.name, deleted: deleted[records.name] }, 'Expired records deleted');
      } catch (error) {
        this.logger.warn({ collection: records.name, err: { message: (error as Error).message } }, 'Pruning expired records failed');
      }
    }
    return deleted;
  }
}

/** One pruner for the whole application, whichever feature modules import this. */
@Module({ providers: [ExpiredRecordsPruner], exports: [ExpiredRecordsPruner] })
export class RecordRetentionModule {}
