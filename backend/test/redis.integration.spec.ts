import Redis from 'ioredis';
import { TEST_REDIS_URL } from './test-environment';

describe('Redis (integration)', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3000 });
  });

  afterAll(async () => {
    redis?.disconnect();
  });

  it('connects to the Redis that .ci/run starts and stores a value', async () => {
    await redis.connect().catch((error: Error) => {
      throw new Error(`Redis at ${TEST_REDIS_URL} is not reachable (.ci/run starts it): ${error.message}`);
    });
    const key = `foundation:${process.pid}:${Date.now()}`;
    await redis.set(key, 'value', 'EX', 30);
    expect(await redis.get(key)).toBe('value');
  });

  it('delivers a published message to a subscriber', async () => {
    const subscriber = redis.duplicate();
    const channel = `foundation:${process.pid}:channel`;
    const received = new Promise<string>((resolve) => subscriber.on('message', (_channel, message) => resolve(message)));
    await subscriber.subscribe(channel);
    await redis.publish(channel, 'hello');
    expect(await received).toBe('hello');
    subscriber.disconnect();
  });
});
