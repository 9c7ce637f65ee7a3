import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');
/** Sources whose change makes dist/backend stale. */
const BUILD_INPUTS = ['backend/src', 'backend/webpack.config.js', 'backend/tsconfig.app.json', 'libs', 'tsconfig.base.json'];

/** The production build; BACKEND_MAIN_JS uses another build of the same sources instead (it is not rebuilt). */
export function builtApiMain(): string {
  return process.env.BACKEND_MAIN_JS ?? path.join(WORKSPACE_ROOT, 'dist/backend/main.js');
}

/**
 * Builds the API (`nx run backend:build`, which answers from its cache when nothing changed) when
 * dist/backend/main.js is missing or older than a source file.
 */
export function ensureBuiltApi(): void {
  const main = builtApiMain();
  if (process.env.BACKEND_MAIN_JS) {
    if (!existsSync(main)) throw new Error(`BACKEND_MAIN_JS=${main} does not exist`);
    return;
  }
  if (existsSync(main) && newestModification(BUILD_INPUTS.map((input) => path.join(WORKSPACE_ROOT, input))) <= statSync(main).mtimeMs) return;
  const build = spawnSync(process.execPath, [path.join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), 'run', 'backend:build', '--outputStyle=stream'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (build.status !== 0) throw new Error(`nx run backend:build failed (${build.signal ?? `exit ${build.status}`}):\n${build.stdout}${build.stderr}`);
}

function newestModification(paths: string[]): number {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry) || entry.includes('node_modules')) continue;
    const stat = statSync(entry);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) newest = Math.max(newest, newestModification(readdirSync(entry).map((name) => path.join(entry, name))));
  }
  return newest;
}

export interface ApiInstance {
  name: string;
  url: string;
  /** The instance's last lines of output, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** `node dist/backend/main.js` with this environment only, as an operator runs each instance; resolves once /health/ready is 200. */
export async function startApiInstance(name: string, env: Record<string, string>): Promise<ApiInstance> {
  const port = await freeLoopbackPort();
  const child = spawn(process.execPath, [builtApiMain()], {
    cwd: WORKSPACE_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (line: string) => {
    lines.push(line);
    if (lines.length > 40) lines.shift();
  };
  createInterface({ input: child.stdout }).on('line', keep);
  createInterface({ input: child.stderr }).on('line', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  const instance: ApiInstance = { name, url: `http://127.0.0.1:${port}`, output: () => lines.join('\n'), stop };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${instance.url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200) return instance;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`API instance ${name} did not become ready:\n${instance.output()}`);
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
