import fs from 'node:fs';

type Chunk = string | NodeJS.ArrayBufferView;

/**
 * Captures what the API's logger prints (pino writes to process.stdout, or straight to file
 * descriptor 1 when stdout is untouched), so a test can prove that no log line carries a token.
 * The output is kept, not shown.
 */
export class CapturedLogOutput {
  private readonly chunks: string[] = [];
  private readonly spies: jest.SpyInstance[] = [];

  start(): void {
    const chunks = this.chunks;
    const writeSync = fs.writeSync;
    const write = fs.write;
    this.spies.push(
      jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: Chunk, ...rest: unknown[]) => {
        chunks.push(String(chunk));
        const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
        if (callback) process.nextTick(callback);
        return true;
      }) as typeof process.stdout.write),
      jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, chunk: Chunk, ...rest: unknown[]) => {
        if (fd !== 1) return (writeSync as (...args: unknown[]) => number)(fd, chunk, ...rest);
        chunks.push(String(chunk));
        return byteLength(chunk);
      }) as typeof fs.writeSync),
      jest.spyOn(fs, 'write').mockImplementation(((fd: number, chunk: Chunk, ...rest: unknown[]) => {
        if (fd !== 1) return (write as (...args: unknown[]) => void)(fd, chunk, ...rest);
        chunks.push(String(chunk));
        const callback = rest.find((argument) => typeof argument === 'function') as ((error: null, written: number) => void) | undefined;
        if (callback) process.nextTick(callback, null, byteLength(chunk));
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

function byteLength(chunk: Chunk): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
}
