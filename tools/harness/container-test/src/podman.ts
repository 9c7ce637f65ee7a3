import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

/** Where images and the Debian base's root file system are cached between runs. */
export const CACHE_DIR = path.join(homedir(), '.cache', 'twilio-config');

/**
 * Podman as it runs on this kind of machine (docs/operations/deploy.md, "Building"): Debian's
 * runc rather than crun, which refuses hybrid cgroups, and no default ulimits, which the sandbox
 * does not allow raising. CONTAINERS_CONF set by the caller wins.
 */
function podmanEnvironment(): NodeJS.ProcessEnv {
  if (process.env.CONTAINERS_CONF) return process.env;
  const conf = path.join(CACHE_DIR, 'containers.conf');
  if (!existsSync(conf)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    writeFileSync(conf, '# Written by tools/harness/container-test: no default ulimits.\n[containers]\ndefault_ulimits = []\n');
  }
  return { ...process.env, CONTAINERS_CONF: conf };
}

function globalArgs(): string[] {
  return spawnSync('sh', ['-c', 'command -v runc'], { encoding: 'utf8' }).status === 0 ? ['--runtime', 'runc'] : [];
}

export interface PodmanResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `podman …` and resolves with its exit status and output (never rejects on a non-zero status). */
export function podman(args: string[], options: { cwd?: string; timeoutMs?: number; logFile?: string } = {}): Promise<PodmanResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', [...globalArgs(), ...args], { cwd: options.cwd, env: podmanEnvironment(), stdio: ['ignore', 'pipe', 'pipe'] });
    const log = options.logFile ? createWriteStream(options.logFile) : null;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      log?.write(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      log?.write(chunk);
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : null;
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      log?.end();
      resolve({ status: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Like podman(), but rejects with the command's output when it fails. */
export async function podmanOk(args: string[], options: { cwd?: string; timeoutMs?: number; logFile?: string } = {}): Promise<string> {
  const result = await podman(args, options);
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`podman ${args.slice(0, 2).join(' ')} … exited ${result.status}:\n${output}`);
  }
  return result.stdout.trim();
}

/**
 * Why podman cannot run containers here, or null when it can. Checked once, synchronously, so a
 * test file can choose between running and skipping with the reason in its name.
 */
export function podmanUnavailableReason(): string | null {
  const version = spawnSync('podman', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return 'podman is not installed (.ci/run installs podman, runc and debootstrap)';
  const info = spawnSync('podman', [...globalArgs(), 'info', '--format', '{{.Store.GraphDriverName}}'], { encoding: 'utf8', env: podmanEnvironment(), timeout: 60_000 });
  if (info.status !== 0) return `podman cannot run here: ${(info.stderr || info.stdout).trim().split('\n').at(-1)}`;
  return null;
}
