import { randomBytes } from 'node:crypto';

/** A database of its own for each test file, on the run's shared server. */
export function testDatabaseUri(testFileName: string): string {
  const base = process.env.TEST_MONGODB_URI;
  if (!base) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest -c backend/jest.config.ts');
  const name = `test_${testFileName.replace(/[^a-zA-Z0-9]/g, '_')}_${randomBytes(3).toString('hex')}`.slice(0, 60);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A complete, valid environment for the API; tests override what they exercise. */
export function testEnvironment(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: 'mongodb://127.0.0.1:1/unused',
    AUTH0_ISSUER_URL: 'http://127.0.0.1:1/',
    AUTH0_AUDIENCE: 'https://twilio-config-api',
    CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PUBLIC_BASE_URL: 'https://api.example.test',
    // Test files run in parallel: an operations listener, where a test starts one, takes a free port.
    METRICS_PORT: '0',
    ...overrides,
  };
}
