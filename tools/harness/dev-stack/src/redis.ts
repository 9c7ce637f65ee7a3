import Redis from 'ioredis';

/** The URL when a Redis answers PING there within a second, else null (the caller runs without). */
export async function reachableRedis(url: string): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 1_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG' ? url : null;
  } catch {
    return null;
  } finally {
    redis.disconnect();
  }
}
