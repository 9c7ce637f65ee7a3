import express from 'express';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';

/** What the console reads at start-up from `/config.json`: one build, configured at run time. */
export interface ConsoleRuntimeConfig {
  auth0Domain: string;
  auth0ClientId: string;
  auth0Audience: string;
  apiOrigin: string;
  rolesClaim?: string;
  orgClaim?: string;
  sessionMaxHours?: number;
}

export interface RunningConsoleServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves the built console (dist/admin-console/browser) with its runtime config and the
 * single-page-app fallback, the way any static host would in production.
 */
export async function startConsoleServer(options: {
  distDir: string;
  port: number;
  host?: string;
  config: ConsoleRuntimeConfig;
}): Promise<RunningConsoleServer> {
  const indexFile = path.join(options.distDir, 'index.html');
  if (!existsSync(indexFile)) throw new Error(`The console is not built: ${indexFile} is missing (npm run build)`);
  const app = express();
  app.disable('x-powered-by');
  app.get('/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(options.config);
  });
  app.use(express.static(options.distDir, { index: false, maxAge: '1h' }));
  app.use((req, res, next) => {
    if (req.method !== 'GET' || path.extname(req.path)) return next();
    res.set('Cache-Control', 'no-store').sendFile(indexFile);
  });
  const host = options.host ?? 'localhost';
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, host, () => resolve(listening)).on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
