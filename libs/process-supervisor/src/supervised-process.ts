import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ReadinessCheck } from './readiness';

/**
 * Where a child's output goes. Every line is always kept (the last `keptLines`) for error
 * messages; `quiet` prints nothing, `prefixed` prints `[name] line`, `plain` prints the line as is.
 */
export type OutputMode = 'quiet' | 'prefixed' | 'plain';

export interface SuperviseOptions {
  /** Shown in prefixed output and in errors. */
  name: string;
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** The child's whole environment; default this process's. */
  env?: NodeJS.ProcessEnv;
  /** Default `quiet`. */
  output?: OutputMode;
  /** Receives every line the child prints, in order, stdout and stderr alike. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** An IPC channel, as `fork` gives: `child.send()` and `child.on('message')`. */
  ipc?: boolean;
  /**
   * Keep the child's stdin an open pipe. A child that exits when its stdin closes then dies with
   * this process, however this process ends (even SIGKILL, which runs no exit hook).
   */
  stdinPipe?: boolean;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 5,000 ms. */
  stopGraceMs?: number;
  /** Lines kept for error messages. Default 40. */
  keptLines?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the child could not be started (e.g. ENOENT). */
  error?: Error;
}

export interface SupervisedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Undefined when the child could not be started. */
  readonly pid: number | undefined;
  /** Settles once the child has exited (or failed to start); never rejects. */
  readonly exited: Promise<ExitStatus>;
  /** Undefined while the child runs. */
  readonly exitStatus: ExitStatus | undefined;
  /** The last lines the child printed, for error messages. */
  recentOutput(): string;
  /** Subscribes to the child's lines from now on; returns the unsubscribe function. */
  onLine(listener: (line: string, stream: 'stdout' | 'stderr') => void): () => void;
  /**
   * Resolves with the check's value once it passes. Rejects (and leaves the child running) when
   * the child exits first or `timeoutMs` (default 60,000) passes; the error quotes the child's last lines.
   */
  waitUntilReady<T>(check: ReadinessCheck<T>, options?: { timeoutMs?: number }): Promise<T>;
  /** SIGTERM, then SIGKILL after the grace period; resolves once the child is gone. Idempotent. */
  stop(): Promise<ExitStatus>;
}

export class ProcessNotReadyError extends Error {
  constructor(
    readonly processName: string,
    reason: string,
    recentOutput: string,
  ) {
    super(`${processName} ${reason}${recentOutput ? `. Last output:\n${recentOutput}` : ''}`);
    this.name = 'ProcessNotReadyError';
  }
}

const DEFAULT_STOP_GRACE_MS = 5_000;
const DEFAULT_READY_TIMEOUT_MS = 60_000;

/** Every child started here and not yet exited: what the exit hook and stopAll() reach. */
const running = new Set<SupervisedProcess>();
let exitHookInstalled = false;

/**
 * Starts a child process under supervision: its output captured (and printed as asked), its exit
 * observed, and a SIGKILL on this process's exit if it is still running then.
 */
export function superviseProcess(options: SuperviseOptions): SupervisedProcess {
  installExitHook();
  const stdio: StdioOptions = [options.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])];
  const child = spawn(options.command, options.args ?? [], { cwd: options.cwd, env: options.env ?? process.env, stdio });
  // A child that ignores its stdin must not crash this process with EPIPE.
  child.stdin?.on('error', () => undefined);

  const keptLines = options.keptLines ?? 40;
  const recent: string[] = [];
  const listeners = new Set<(line: string, stream: 'stdout' | 'stderr') => void>();
  if (options.onLine) listeners.add(options.onLine);
  const printer = outputPrinter(options.name, options.output ?? 'quiet');
  const receive = (stream: 'stdout' | 'stderr') => (line: string) => {
    recent.push(line);
    if (recent.length > keptLines) recent.shift();
    printer(line, stream);
    for (const listener of [...listeners]) listener(line, stream);
  };
  if (child.stdout) createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', receive('stdout'));
  if (child.stderr) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', receive('stderr'));

  let exitStatus: ExitStatus | undefined;
  const exited = new Promise<ExitStatus>((resolve) => {
    const settle = (status: ExitStatus) => {
      if (exitStatus) return;
      exitStatus = status;
      running.delete(supervised);
      resolve(status);
    };
    child.once('exit', (code, signal) => settle({ code, signal }));
    // 'error' without a pid: the child never started, no 'exit' follows. Later errors (a failed
    // kill or send) change nothing here, but must have a listener not to crash this process.
    child.on('error', (error) => {
      if (child.pid === undefined) settle({ code: null, signal: null, error });
    });
  });

  let stopping: Promise<ExitStatus> | undefined;
  const stop = (): Promise<ExitStatus> => {
    stopping ??= (async () => {
      if (!exitStatus) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      child.stdin?.destroy();
      return exited;
    })();
    return stopping;
  };

  const supervised: SupervisedProcess = {
    name: options.name,
    child,
    pid: child.pid,
    exited,
    get exitStatus() {
      return exitStatus;
    },
    recentOutput: () => recent.filter((line) => line.trim() !== '').join('\n'),
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitUntilReady: (check, waitOptions) => waitUntilReady(supervised, check, waitOptions?.timeoutMs ?? DEFAULT_READY_TIMEOUT_MS, recent),
    stop,
  };
  if (child.pid !== undefined) running.add(supervised);
  return supervised;
}

/**
 * superviseProcess, then waits for the check; when the child is not ready in time, stops it and
 * rethrows. The way to start a server that must be up before going on.
 */
export async function startSupervised<T>(
  options: SuperviseOptions & { readyTimeoutMs?: number },
  check: ReadinessCheck<T>,
): Promise<{ process: SupervisedProcess; ready: T }> {
  const supervised = superviseProcess(options);
  try {
    const ready = await supervised.waitUntilReady(check, { timeoutMs: options.readyTimeoutMs });
    return { process: supervised, ready };
  } catch (error) {
    await supervised.stop();
    throw error;
  }
}

/** Stops every child still running, all at once. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((supervised) => supervised.stop()));
}

/** The children still running (for tests and diagnostics). */
export function runningProcesses(): readonly SupervisedProcess[] {
  return [...running];
}

async function waitUntilReady<T>(supervised: SupervisedProcess, check: ReadinessCheck<T>, timeoutMs: number, recent: readonly string[]): Promise<T> {
  const failure = (reason: string) => new ProcessNotReadyError(supervised.name, reason, supervised.recentOutput());
  if (supervised.exitStatus) throw failure(`${describeExit(supervised.exitStatus)} before ${check.description}`);
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.wait({ process: supervised, linesSoFar: [...recent], signal: abort.signal }),
      supervised.exited.then((status) => Promise.reject(failure(`${describeExit(status)} before ${check.description}`))),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(failure(`did not get ready within ${timeoutMs} ms (${check.description})`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

export function describeExit(status: ExitStatus): string {
  if (status.error) return `could not start (${status.error.message})`;
  return `exited (${status.signal ?? `code ${status.code}`})`;
}

function outputPrinter(name: string, mode: OutputMode): (line: string, stream: 'stdout' | 'stderr') => void {
  if (mode === 'quiet') return () => undefined;
  const prefix = mode === 'prefixed' ? `[${name}] ` : '';
  return (line, stream) => {
    if (mode === 'prefixed' && !line.trim()) return;
    (stream === 'stdout' ? process.stdout : process.stderr).write(`${prefix}${line}\n`);
  };
}

/**
 * On this process's exit, SIGKILL what is still running: the exit hook cannot wait, and a child
 * left behind would keep its port. Graceful stops belong to stop(), stopAll() and exitOnSignals().
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const supervised of running) supervised.child.kill('SIGKILL');
  });
}
