import { getFreePort } from '@twilio-config/mongo-server';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/** The production build (`npx nx run backend:build`); BACKEND_MAIN_JS points at another build of it. */
export function builtApiMain(): string {
  const main = process.env.BACKEND_MAIN_JS ?? path.join(WORKSPACE_ROOT, 'dist/backend/main.js');
  if (!existsSync(main)) throw new Error(`${main} does not exist: build the API first (npx nx run backend:build)`);
  return main;
}

export interface RunningApi {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `node dist/backend/main.js` configured only by environment variables, as operators run it;
 * resolves once /health/ready answers 200.
 */
export async function startBuiltApi(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<RunningApi> {
  const port = await getFreePort();
  const child = spawn(process.execPath, [builtApiMain()], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const keep = (line: string) => {
    recent.push(line);
    if (recent.length > 30) recent.shift();
  };
  createInterface({ input: child.stdout }).on('line', keep);
  createInterface({ input: child.stderr }).on('line', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if ((await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200) {
        return { url, pid: child.pid as number, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`the API did not become ready on ${url}:\n${recent.join('\n')}`);
}
