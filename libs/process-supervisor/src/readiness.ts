import { connect } from 'node:net';
import type { SupervisedProcess } from './supervised-process';

export interface ReadinessContext {
  process: SupervisedProcess;
  /** The lines the child printed before the wait began. */
  linesSoFar: readonly string[];
  /** Aborted once the wait is over (ready, exited or timed out): stop polling then. */
  signal: AbortSignal;
}

/** How to tell that a child is ready; resolves with what the caller needs from it (e.g. a URL it printed). */
export interface ReadinessCheck<T> {
  /** For error messages: "before <description>". */
  description: string;
  wait(context: ReadinessContext): Promise<T>;
}

/** Ready when the child prints a line matching the pattern; resolves with the match. */
export function lineMatching(pattern: RegExp): ReadinessCheck<RegExpExecArray> {
  return {
    description: `a line matching ${pattern}`,
    wait: ({ process, linesSoFar, signal }) =>
      new Promise((resolve) => {
        for (const line of linesSoFar) {
          const match = pattern.exec(line);
          if (match) return resolve(match);
        }
        const unsubscribe = process.onLine((line) => {
          const match = pattern.exec(line);
          if (!match) return;
          unsubscribe();
          resolve(match);
        });
        signal.addEventListener('abort', unsubscribe, { once: true });
      }),
  };
}

/** Ready when a probe resolves with a value other than undefined; it is retried every intervalMs. */
export function probe<T>(description: string, attempt: (signal: AbortSignal) => Promise<T | undefined>, intervalMs = 200): ReadinessCheck<T> {
  return {
    description,
    wait: async ({ signal }) => {
      while (!signal.aborted) {
        try {
          const value = await attempt(signal);
          if (value !== undefined) return value;
        } catch {
          // not ready yet
        }
        await sleep(intervalMs, signal);
      }
      return new Promise<never>(() => undefined); // the wait is over: its outcome is decided elsewhere
    },
  };
}

/** Ready when GET url answers the status (default 200). */
export function httpStatus(url: string, status = 200): ReadinessCheck<true> {
  return probe(`${url} answered ${status}`, async (signal) => {
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(2_000)]) });
    await response.body?.cancel();
    return response.status === status ? true : undefined;
  });
}

/** Ready when a TCP connection to host:port succeeds. */
export function tcpPort(port: number, host = '127.0.0.1'): ReadinessCheck<true> {
  return probe(`${host}:${port} accepted a connection`, async (signal) => ((await connects(port, host, signal)) ? true : undefined));
}

function connects(port: number, host: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    signal.addEventListener('abort', () => done(false), { once: true });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}
