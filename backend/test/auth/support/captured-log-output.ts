import fs from 'node:fs';

/**
 * Captures what the API's logger (pino, writing straight to file descriptor 1) prints, so a test
 * can prove that no log line carries a token. Output is kept, not shown.
 */
export class CapturedLogOutput {
  private readonly chunks: string[] = [];
  private readonly spies: jest.SpyInstance[] = [];

  start(): void {
    const chunks = this.chunks;
    const writeSync = fs.writeSync;
    const write = fs.write;
    this.spies.push(
      jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
        if (fd !== 1) return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
        chunks.push(String(data));
        return byteLength(data);
      }) as typeof fs.writeSync),
      jest.spyOn(fs, 'write').mockImplementation(((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]) => {
        if (fd !== 1) return (write as (...args: unknown[]) => void)(fd, data, ...rest);
        chunks.push(String(data));
        const callback = rest.find((argument) => typeof argument === 'function') as ((error: null, written: number) => void) | undefined;
        if (callback) process.nextTick(callback, null, byteLength(data));
      }) as typeof fs.write),
    );
  }

  stop(): void {
    for (const spy of this.spies.splice(0)) spy.mockRestore();
  }

  get text(): string {
    return this.chunks.join('');
  }
}

function byteLength(data: string | NodeJS.ArrayBufferView): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}
