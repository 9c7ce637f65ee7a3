import { LRUCache } from 'lru-cache';

export interface SingleFlightLruCacheOptions {
  max: number;
  /** Upper bound on an entry's life, a safety net behind explicit invalidation. */
  ttlMs: number;
}

/**
 * A bounded, least-recently-used cache of values that are expensive to load: concurrent misses
 * for one key share a single load, and a load that raced with `invalidate(key)` is not kept
 * (its result answers the callers that were waiting, but the next call loads again).
 */
export class SingleFlightLruCache<T extends object> {
  private readonly values: LRUCache<string, T>;
  private readonly loading = new Map<string, Promise<T>>();
  /** Bumped on every invalidation, so a load that started before it is not cached. */
  private readonly generations = new Map<string, number>();
  /** Bumped by invalidateAll(), for the same reason across every key. */
  private epoch = 0;

  constructor(options: SingleFlightLruCacheOptions) {
    this.values = new LRUCache<string, T>({ max: options.max, ttl: options.ttlMs });
  }

  /** The cached value, or undefined (without loading). */
  peek(key: string): T | undefined {
    return this.values.get(key);
  }

  /** The cached value, or the one load in flight for the key, or a new load. */
  getOrLoad(key: string, load: () => Promise<T>, onMiss?: () => void): Promise<T> {
    const cached = this.values.get(key);
    if (cached) return Promise.resolve(cached);
    const inFlight = this.loading.get(key);
    if (inFlight) return inFlight;
    onMiss?.();
    const generation = this.generations.get(key) ?? 0;
    const epoch = this.epoch;
    const loaded = load()
      .then((value) => {
        if ((this.generations.get(key) ?? 0) === generation && this.epoch === epoch) this.values.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.loading.get(key) === loaded) this.loading.delete(key);
      });
    this.loading.set(key, loaded);
    return loaded;
  }

  invalidate(key: string): void {
    // Counters only grow for keys that were invalidated; bounded by the number of organizations.
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.values.delete(key);
    this.loading.delete(key);
  }

  /** Drops every entry (and keeps no load in flight), e.g. when changes may have been missed. */
  invalidateAll(): void {
    this.epoch += 1;
    this.values.clear();
    this.loading.clear();
  }

  get size(): number {
    return this.values.size;
  }
}
