import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmulatorAdminClient } from './admin/admin-client';
import { DEFAULT_TIMING, type EmulatorTiming } from './runtime/timing';
import { readSeedFile, type EmulatorSeed } from './store/seed';
import { TwilioEmulator } from './twilio-emulator';

export interface TwilioEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: EmulatorSeed;
  /** A JSON seed file; its accounts come after those of `seed`. */
  seedFile?: string;
  timing?: Partial<EmulatorTiming>;
}

export interface RunningTwilioEmulator {
  /** The value for TWILIO_API_BASE_URL, e.g. http://127.0.0.1:4300 */
  url: string;
  admin: EmulatorAdminClient;
  stop(): Promise<void>;
}

export async function startTwilioEmulator(options: TwilioEmulatorOptions = {}): Promise<RunningTwilioEmulator> {
  const fromFile = options.seedFile ? await readSeedFile(options.seedFile) : { accounts: [] };
  const seed: EmulatorSeed = { accounts: [...(options.seed?.accounts ?? []), ...fromFile.accounts] };
  const emulator = new TwilioEmulator(seed, { ...DEFAULT_TIMING, ...options.timing });

  const server = createServer((request, response) => emulator.handle(request, response));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let stopped: Promise<void> | null = null;
  return {
    url,
    admin: new EmulatorAdminClient(url),
    stop: () =>
      (stopped ??= new Promise<void>((resolve, reject) => {
        emulator.stop();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
