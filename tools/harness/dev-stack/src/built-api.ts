import { getFreePort } from '@twilio-config/mongo-server';
import { httpStatus, startSupervised } from '@twilio-config/process-supervisor';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from './workspace-root';

/** Sources whose change makes dist/backend stale. */
const BUILD_INPUTS = ['backend/src', 'backend/webpack.config.js', 'backend/tsconfig.app.json', 'libs', 'tsconfig.base.json'];

/**
 * The production build, dist/backend/main.js, built first (`nx run backend:build`, answered from
 * Nx's cache when nothing changed) when it is missing or older than a source file.
 * BACKEND_MAIN_JS names another build of the same sources, used as it is.
 */
export function builtApiMain(): string {
  const override = process.env.BACKEND_MAIN_JS;
  if (override) {
    if (!existsSync(override)) throw new Error(`BACKEND_MAIN_JS=${override} does not exist`);
    return override;
  }
  const main = path.join(WORKSPACE_ROOT, 'dist/backend/main.js');
  if (existsSync(main) && newestModification(BUILD_INPUTS.map((input) => path.join(WORKSPACE_ROOT, input))) <= statSync(main).mtimeMs) return main;
  const build = spawnSync(process.execPath, [path.join(WORKSPACE_ROOT, 'node_modules/.bin/nx'), 'run', 'backend:build', '--outputStyle=stream'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (build.status !== 0) throw new Error(`nx run backend:build failed (${build.signal ?? `exit ${build.status}`}):\n${build.stdout}${build.stderr}`);
  return main;
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

export interface RunningApi {
  url: string;
  /** The operations listener (METRICS_PORT): /metrics and /health/twilio. */
  metricsUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * `node dist/backend/main.js` configured only by environment variables, as operators run it;
 * resolves once /health/ready answers 200.
 */
export async function startBuiltApi(env: Record<string, string>, options: { timeoutMs?: number } = {}): Promise<RunningApi> {
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  // Several instances run side by side: each needs an operations port of its own too.
  const metricsPort = env.METRICS_PORT ?? String(await getFreePort());
  const { process: api } = await startSupervised(
    {
      name: 'api',
      command: process.execPath,
      args: [builtApiMain()],
      cwd: WORKSPACE_ROOT,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', LOG_LEVEL: 'warn', ...env, PORT: String(port), METRICS_PORT: metricsPort },
      readyTimeoutMs: options.timeoutMs ?? 60_000,
    },
    httpStatus(`${url}/health/ready`),
  );
  return { url, metricsUrl: `http://127.0.0.1:${metricsPort}`, pid: api.pid as number, stop: async () => void (await api.stop()) };
}
