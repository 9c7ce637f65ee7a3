/**
 * Every delayed thing the emulator does (status progression, webhook retries, injected hangs)
 * goes through here, so stop() can cancel all of it and no timer keeps a process alive.
 */
export class TimerRegistry {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private stopped = false;

  get isStopped(): boolean {
    return this.stopped;
  }

  schedule(delayMs: number, task: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      task();
    }, delayMs);
    timer.unref();
    this.pending.add(timer);
  }

  /** Resolves true after delayMs, or false as soon as the timers are cancelled. */
  sleep(delayMs: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (completed: boolean) => {
        clearTimeout(timer);
        this.pending.delete(timer);
        this.sleepers.delete(interrupt);
        resolve(completed);
      };
      const interrupt = () => wake(false);
      const timer = setTimeout(() => wake(true), delayMs);
      timer.unref();
      this.pending.add(timer);
      this.sleepers.add(interrupt);
    });
  }

  /** Drops everything scheduled (admin reset); sleeps end early with false. */
  cancelAll(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
    for (const interrupt of [...this.sleepers]) interrupt();
  }

  stop(): void {
    this.stopped = true;
    this.cancelAll();
  }
}
