import { SingleFlightLruCache } from './single-flight-lru-cache';

describe(SingleFlightLruCache.name, () => {
  const value = (name: string) => ({ name });

  it('loads once for concurrent misses of one key and shares the result', async () => {
    const sut = new SingleFlightLruCache<{ name: string }>({ max: 10, ttlMs: 60_000 });
    let loads = 0;
    const load = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return value('a');
    };
    const results = await Promise.all(Array.from({ length: 100 }, () => sut.getOrLoad('a', load)));
    expect(loads).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(sut.peek('a')).toBe(results[0]);
  });

  it('does not keep a load that raced with an invalidation', async () => {
    const sut = new SingleFlightLruCache<{ name: string }>({ max: 10, ttlMs: 60_000 });
    const pending = sut.getOrLoad('a', async () => value('stale'));
    sut.invalidate('a');
    expect((await pending).name).toBe('stale');
    expect(sut.peek('a')).toBeUndefined();
    expect((await sut.getOrLoad('a', async () => value('fresh'))).name).toBe('fresh');
  });

  it('does not keep a failed load', async () => {
    const sut = new SingleFlightLruCache<{ name: string }>({ max: 10, ttlMs: 60_000 });
    await expect(sut.getOrLoad('a', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect((await sut.getOrLoad('a', async () => value('ok'))).name).toBe('ok');
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const sut = new SingleFlightLruCache<{ name: string }>({ max: 2, ttlMs: 60_000 });
    await sut.getOrLoad('a', async () => value('a'));
    await sut.getOrLoad('b', async () => value('b'));
    sut.peek('a');
    await sut.getOrLoad('c', async () => value('c'));
    expect(sut.peek('b')).toBeUndefined();
    expect(sut.peek('a')).toBeDefined();
    expect(sut.size).toBe(2);
  });
});
