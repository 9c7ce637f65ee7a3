import { stopAll } from './supervised-process';

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * On Ctrl-C (SIGINT), SIGTERM or SIGHUP: runs `beforeExit` (e.g. stop in-process servers in
 * order), stops every supervised child (SIGTERM, then SIGKILL after its grace), then exits with
 * `exitCode` (default 128 + the signal's number; a command whose normal end is Ctrl-C passes 0).
 * A second signal while stopping kills what is left and exits at once.
 * Without it, a signal ends this process without its exit hook, and a child can be left running.
 */
export function exitOnSignals(options: { beforeExit?: () => Promise<void>; log?: (line: string) => void; exitCode?: number } = {}): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = options.exitCode ?? 128 + (SIGNAL_NUMBERS[signal] ?? 0);
    if (stopping) process.exit(code); // the exit hook SIGKILLs what is still running
    stopping = true;
    options.log?.(`${signal}, stopping…`);
    void (async () => {
      try {
        await options.beforeExit?.();
      } finally {
        await stopAll();
        process.exit(code);
      }
    })();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
}
