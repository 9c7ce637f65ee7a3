import { startMongoServer, type MongoServerHandle } from './mongo-server';

/**
 * jest globalSetup/globalTeardown for suites that need MongoDB: one FerretDB per run (unless
 * MONGODB_URI is set); workers read its URI from TEST_MONGODB_URI and use a database per file.
 */
const HANDLE_KEY = '__TWILIO_CONFIG_MONGO_SERVER__';

export async function setupMongoServer(): Promise<void> {
  const server = await startMongoServer();
  process.env.TEST_MONGODB_URI = server.uri;
  (globalThis as Record<string, unknown>)[HANDLE_KEY] = server;
}

export async function teardownMongoServer(): Promise<void> {
  await ((globalThis as Record<string, unknown>)[HANDLE_KEY] as MongoServerHandle | undefined)?.stop();
}
