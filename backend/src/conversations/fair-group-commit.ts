/**
 * Group commit with fairness between organizations (docs/architecture.md, "Conversation events"):
 * items wait in one queue per organization; whenever no batch is being written, the waiting items
 * are written together, taken round-robin from the organizations' queues (one from each in turn,
 * the organization served last going to the back), so one organization's flood fills batches only
 * with what the others leave. While other organizations are posting too, a batch also holds at most
 * `maxPerKeyWhenShared` items of one organization: a quiet organization's item waits for the batch
 * being written and then rides in the next, and a batch full of a flood takes several times longer
 * to write than a short one. And while an organization has its full share waiting, organizations
 * with at most `sparseAtMost` waiting are written first, in a short batch of their own (as FQ-CoDel
 * serves sparse flows first, RFC 8290): a quiet organization's item then waits for the batch being
 * written and a short write, not for a flood's. Each submitter learns its own item's outcome once its
 * batch's write answered. Plain TypeScript: no Nest, no database (the writer is given).
 */
export type BatchWriter<Item, Outcome> = (items: Item[]) => Promise<Outcome[]>;

export interface FairGroupCommitOptions {
  /** Items of one batch, at most. */
  maxBatch: number;
  /** Items one organization may have waiting (not yet written); submit refuses more. */
  maxPendingPerKey: number;
  /** Batches written at the same time, at most. */
  maxInFlight: number;
  /** Items of one organization in a batch, at most, while another organization submitted within `sharingWindowMs` (default: maxBatch). */
  maxPerKeyWhenShared?: number;
  /**
   * While batches are shared and an organization has `maxPerKeyWhenShared` or more waiting, the
   * organizations with at most this many waiting go first, in a batch of their own (default: never).
   */
  sparseAtMost?: number;
  /** How recently another organization must have submitted for the batches to be shared (default 1 s). */
  sharingWindowMs?: number;
  /** Milliseconds, for the sharing window (default performance.now). */
  now?: () => number;
}

/** submit() refused the item: the organization already has as many waiting as allowed. */
export class PendingLimitReachedError extends Error {
  constructor(readonly key: string) {
    super('Too many items waiting for this organization');
    this.name = 'PendingLimitReachedError';
  }
}

interface Waiting<Item, Outcome> {
  item: Item;
  resolve: (outcome: Outcome) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_SHARING_WINDOW_MS = 1_000;

export class FairGroupCommit<Item, Outcome> {
  /** Map order is the round-robin order: a served organization is moved to the back. */
  private readonly queues = new Map<string, Waiting<Item, Outcome>[]>();
  /** When each organization last submitted, for those within the sharing window (older ones are dropped as batches are taken). */
  private readonly lastSubmitted = new Map<string, number>();
  private forgottenAt = -Infinity;
  private inFlight = 0;
  private flushScheduled = false;

  constructor(
    private readonly write: BatchWriter<Item, Outcome>,
    private readonly options: FairGroupCommitOptions,
  ) {}

  /** Items of this organization waiting for their batch (not those being written). */
  pendingOf(key: string): number {
    return this.queues.get(key)?.length ?? 0;
  }

  /** Resolves with the item's outcome once its batch is written; rejects when the write failed or the organization has too many waiting. */
  submit(key: string, item: Item): Promise<Outcome> {
    const queue = this.queues.get(key) ?? [];
    if (queue.length >= this.options.maxPendingPerKey) return Promise.reject(new PendingLimitReachedError(key));
    const outcome = new Promise<Outcome>((resolve, reject) => queue.push({ item, resolve, reject }));
    if (queue.length === 1) this.queues.set(key, queue);
    this.lastSubmitted.set(key, this.now());
    this.scheduleFlush();
    return outcome;
  }

  /** Writes what waits, batch by batch; resolves once nothing waits and nothing is being written. */
  async drain(): Promise<void> {
    while (this.queues.size > 0 || this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  /**
   * On the next turn of the event loop, so posts whose handlers run in this turn share the batch;
   * under load, items gather while the previous batch is written and go in the next one.
   */
  private scheduleFlush(): void {
    if (this.flushScheduled || this.inFlight >= this.options.maxInFlight) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.queues.size > 0) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.writeBatch(batch).finally(() => {
        this.inFlight -= 1;
        if (this.queues.size > 0) this.scheduleFlush();
      });
    }
  }

  private takeBatch(): Waiting<Item, Outcome>[] {
    const shared = this.sharedNow();
    const perKey = shared ? (this.options.maxPerKeyWhenShared ?? this.options.maxBatch) : this.options.maxBatch;
    const sparse = shared ? this.sparseKeys(perKey) : null;
    const taken = new Map<string, number>();
    const batch: Waiting<Item, Outcome>[] = [];
    for (let progress = true; progress && batch.length < this.options.maxBatch; ) {
      progress = false;
      for (const key of [...this.queues.keys()]) {
        if (batch.length >= this.options.maxBatch) break;
        if (sparse && !sparse.has(key)) continue;
        const ofKey = taken.get(key) ?? 0;
        if (ofKey >= perKey) continue;
        const queue = this.queues.get(key) as Waiting<Item, Outcome>[];
        batch.push(queue.shift() as Waiting<Item, Outcome>);
        taken.set(key, ofKey + 1);
        progress = true;
        this.queues.delete(key);
        if (queue.length > 0) this.queues.set(key, queue);
      }
    }
    return batch;
  }

  /** The organizations with at most `sparseAtMost` waiting, when another has a full share (`perKey`) or more; else null. */
  private sparseKeys(perKey: number): Set<string> | null {
    const atMost = this.options.sparseAtMost;
    if (atMost === undefined) return null;
    const sparse = new Set<string>();
    let flooding = false;
    for (const [key, queue] of this.queues) {
      if (queue.length <= atMost) sparse.add(key);
      else if (queue.length >= perKey) flooding = true;
    }
    return flooding && sparse.size > 0 ? sparse : null;
  }

  /**
   * Whether more than one organization submitted within the sharing window. Those that did not are
   * forgotten a few times per window, not at every batch: thousands of organizations may be posting.
   */
  private sharedNow(): boolean {
    const now = this.now();
    const window = this.options.sharingWindowMs ?? DEFAULT_SHARING_WINDOW_MS;
    if (now - this.forgottenAt >= window / 4) {
      this.forgottenAt = now;
      for (const [key, at] of this.lastSubmitted) if (at < now - window) this.lastSubmitted.delete(key);
    }
    return this.lastSubmitted.size > 1;
  }

  private now(): number {
    return this.options.now ? this.options.now() : performance.now();
  }

  private async writeBatch(batch: Waiting<Item, Outcome>[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.write(batch.map((waiting) => waiting.item));
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(outcomes[index]));
  }
}
