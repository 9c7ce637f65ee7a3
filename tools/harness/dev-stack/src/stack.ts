import { startAuth0Local, readDemoUsers, type DemoUser } from '@twilio-config/auth0-local';
import { startMongoServer } from '@twilio-config/mongo-server';
import { httpStatus, startSupervised } from '@twilio-config/process-supervisor';
import { startTwilioEmulator, type EmulatorAdminClient, type EmulatorSeed } from '@twilio-config/twilio-emulator';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startConsoleServer } from './console-server';
import { WORKSPACE_ROOT } from './workspace-root';

export { WORKSPACE_ROOT };

export const DEMO_TWILIO_SEED_FILE = path.join(WORKSPACE_ROOT, 'tools/stand-ins/twilio-emulator/seed/demo.json');

export interface StackOptions {
  apiPort?: number;
  consolePort?: number;
  identityProviderPort?: number;
  twilioEmulatorPort?: number;
  /** Short-lived access tokens make silent refreshes observable in browser tests. */
  accessTokenTtlSeconds?: number;
  /** Extra variables for the API (they win over the stack's own). */
  apiEnv?: Record<string, string>;
  /** Print the API's log lines (npm start) or keep them quiet (tests). */
  quiet?: boolean;
  /** Where the environment would have the real services, use them (npm start); tests always run local ones. */
  honourEnvironment?: boolean;
}

export interface RunningStack {
  apiUrl: string;
  consoleUrl: string;
  mongoUri: string;
  issuer: string;
  /** TWILIO_API_BASE_URL, or null when the real Twilio is used. */
  twilioApiBaseUrl: string | null;
  twilioAdmin: EmulatorAdminClient | null;
  demoUsers: DemoUser[] | null;
  demoTwilioSeed: EmulatorSeed | null;
  stop(): Promise<void>;
}

/**
 * The whole product on one machine: FerretDB, the local Auth0-compatible provider, the Twilio
 * emulator, the API built into dist/backend, and the built console with its runtime config.
 * With honourEnvironment, MONGODB_URI / AUTH0_ISSUER_URL / TWILIO_EMULATOR=false switch a piece
 * to the real service. Used by `npm start` and the browser tests.
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const env = options.honourEnvironment ? process.env : {};
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const apiPort = options.apiPort ?? 3000;
    const consolePort = options.consolePort ?? 4200;
    const apiUrl = `http://localhost:${apiPort}`;
    const consoleOrigin = `http://localhost:${consolePort}`;

    let mongoUri = env.MONGODB_URI;
    if (!mongoUri) {
      const mongo = await startMongoServer();
      stoppers.push(() => mongo.stop());
      mongoUri = new URL('twilio_config', mongo.uri).toString();
    }

    const audience = env.AUTH0_AUDIENCE ?? 'https://twilio-config-api';
    const clientId = env.AUTH0_CLIENT_ID ?? 'twilio-config-console';
    let issuer = env.AUTH0_ISSUER_URL;
    let demoUsers: DemoUser[] | null = null;
    if (!issuer) {
      const identityProvider = await startAuth0Local({
        port: options.identityProviderPort ?? 4100,
        audience,
        clientId,
        // The console, and Swagger UI's "Authorize" (authorization code + PKCE, backend/src/swagger.ts).
        redirectUris: [consoleOrigin, `${consoleOrigin}/`, `${apiUrl}/api/docs/oauth2-redirect.html`],
        postLogoutRedirectUris: [consoleOrigin, `${consoleOrigin}/`],
        allowedOrigins: [consoleOrigin, apiUrl],
        accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      });
      stoppers.push(() => identityProvider.stop());
      issuer = identityProvider.issuer;
      demoUsers = readDemoUsers();
    }

    let twilioApiBaseUrl: string | null = env.TWILIO_API_BASE_URL ?? null;
    let twilioAdmin: EmulatorAdminClient | null = null;
    let demoTwilioSeed: EmulatorSeed | null = null;
    if (!twilioApiBaseUrl && env.TWILIO_EMULATOR !== 'false') {
      demoTwilioSeed = JSON.parse(readFileSync(DEMO_TWILIO_SEED_FILE, 'utf8')) as EmulatorSeed;
      const emulator = await startTwilioEmulator({ port: options.twilioEmulatorPort ?? 4300, seed: demoTwilioSeed });
      stoppers.push(() => emulator.stop());
      twilioApiBaseUrl = emulator.url;
      twilioAdmin = emulator.admin;
    }

    const apiEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: process.env.NODE_ENV ?? 'development',
      PORT: String(apiPort),
      MONGODB_URI: mongoUri,
      AUTH0_ISSUER_URL: issuer,
      AUTH0_AUDIENCE: audience,
      AUTH0_CLIENT_ID: clientId,
      // A fresh key each run is fine locally: the embedded database is thrown away too.
      CREDENTIALS_ENCRYPTION_KEY: env.CREDENTIALS_ENCRYPTION_KEY ?? randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: env.PUBLIC_BASE_URL ?? apiUrl,
      CORS_ORIGINS: env.CORS_ORIGINS ?? consoleOrigin,
      ...(twilioApiBaseUrl ? { TWILIO_API_BASE_URL: twilioApiBaseUrl } : {}),
      ...options.apiEnv,
    };
    const { process: api } = await startSupervised(
      {
        name: 'api',
        command: process.execPath,
        args: [path.join(WORKSPACE_ROOT, 'dist/backend/main.js')],
        env: apiEnv,
        cwd: WORKSPACE_ROOT,
        output: options.quiet ? 'quiet' : 'prefixed',
        readyTimeoutMs: 60_000,
      },
      httpStatus(`${apiUrl}/health/ready`),
    );
    stoppers.push(async () => void (await api.stop()));

    const consoleServer = await startConsoleServer({
      distDir: path.join(WORKSPACE_ROOT, 'dist/admin-console/browser'),
      port: consolePort,
      config: {
        // auth0-spa-js takes the issuer without its trailing slash as `domain`.
        auth0Domain: issuer.replace(/\/$/, '').replace(/^https:\/\//, ''),
        auth0ClientId: clientId,
        auth0Audience: audience,
        apiOrigin: apiUrl,
        rolesClaim: apiEnv.AUTH0_ROLES_CLAIM,
        orgClaim: apiEnv.AUTH0_ORG_CLAIM,
        sessionMaxHours: apiEnv.SESSION_MAX_HOURS ? Number(apiEnv.SESSION_MAX_HOURS) : undefined,
      },
    });
    stoppers.push(() => consoleServer.stop());

    return { apiUrl, consoleUrl: consoleServer.url, mongoUri, issuer, twilioApiBaseUrl, twilioAdmin, demoUsers, demoTwilioSeed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
