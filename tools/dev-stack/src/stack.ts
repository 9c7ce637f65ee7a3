import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startMongoServer, type MongoServerHandle } from '@twilio-config/mongo-server';
import { startConsoleServer, type RunningConsoleServer } from './console-server';
import { startManagedProcess, waitForHttp, type ManagedProcess } from './processes';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../..');

export interface StackOptions {
  apiPort?: number;
  consolePort?: number;
  /** Extra variables for the API (they win over the stack's own). */
  apiEnv?: Record<string, string>;
  /** Print the API's log lines (npm start) or keep them quiet (tests). */
  quiet?: boolean;
}

export interface RunningStack {
  apiUrl: string;
  consoleUrl: string;
  mongoUri: string;
  stop(): Promise<void>;
}

/**
 * The whole product on one machine: the MongoDB-wire server (unless MONGODB_URI is set), the API
 * built into dist/backend, and the built console. Used by `npm start` and the browser tests.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const mongo: MongoServerHandle = await startMongoServer();
    stoppers.push(() => mongo.stop());

    const apiPort = options.apiPort ?? 3000;
    const consolePort = options.consolePort ?? 4200;
    const apiUrl = `http://localhost:${apiPort}`;
    const consoleOrigin = `http://localhost:${consolePort}`;
    const apiEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      PORT: String(apiPort),
      MONGODB_URI: process.env.MONGODB_URI ?? new URL('twilio_config', mongo.uri).toString(),
      AUTH0_ISSUER_URL: process.env.AUTH0_ISSUER_URL ?? 'http://127.0.0.1:4100/',
      AUTH0_AUDIENCE: process.env.AUTH0_AUDIENCE ?? 'https://twilio-config-api',
      AUTH0_CLIENT_ID: process.env.AUTH0_CLIENT_ID ?? 'twilio-config-console',
      // A fresh key each run is fine locally: the embedded database is thrown away too.
      CREDENTIALS_ENCRYPTION_KEY: process.env.CREDENTIALS_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? apiUrl,
      CORS_ORIGINS: process.env.CORS_ORIGINS ?? consoleOrigin,
      ...options.apiEnv,
    };
    const api: ManagedProcess = startManagedProcess('api', process.execPath, [path.join(WORKSPACE_ROOT, 'dist/backend/main.js')], {
      env: apiEnv,
      cwd: WORKSPACE_ROOT,
      quiet: options.quiet,
    });
    stoppers.push(() => api.stop());
    await waitForHttp(`${apiUrl}/health/ready`, { process: api, timeoutMs: 60_000 });

    const consoleServer: RunningConsoleServer = await startConsoleServer({
      distDir: path.join(WORKSPACE_ROOT, 'dist/admin-console/browser'),
      port: consolePort,
      config: {
        auth0Domain: (apiEnv.AUTH0_ISSUER_URL as string).replace(/\/$/, ''),
        auth0ClientId: apiEnv.AUTH0_CLIENT_ID as string,
        auth0Audience: apiEnv.AUTH0_AUDIENCE as string,
        apiOrigin: apiUrl,
      },
    });
    stoppers.push(() => consoleServer.stop());

    return { apiUrl, consoleUrl: consoleServer.url, mongoUri: mongo.uri, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
