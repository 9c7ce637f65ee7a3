/**
 * Launcher for a real MongoDB-wire server: FerretDB 1.24 (SQLite backend)
 * embedded in the small Go program next to this folder (../main.go).
 *
 * - `ensureMongoServerBinary()` builds that program once and caches it outside
 *   git, in `${XDG_CACHE_HOME:-~/.cache}/twilio-config/mongo-server-<hash>`
 *   (hash of go.mod, go.sum and the *.go files: any change rebuilds).
 * - `startMongoServer()` starts it on a free loopback port with a throw-away
 *   data directory and resolves once it answers a MongoDB `hello`.
 *
 * CommonJS-compatible, Node built-ins and the workspace's process supervisor only
 * (used by jest global setups compiled by @swc/jest and by `tsx` scripts).
 */
// The `build` target of this project compiles the Go server; nothing builds this TypeScript as a library.
// eslint-disable-next-line @nx/enforce-module-boundaries -- so the buildable-library check does not apply
import { describeExit, probe, superviseProcess, type SupervisedProcess } from '@twilio-config/process-supervisor';
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, existsSync, rmSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface MongoServerHandle {
  /** `mongodb://127.0.0.1:PORT/` (or `MONGODB_URI` when that is set). */
  uri: string;
  port: number;
  /**
   * PID of the server process. `0` when `external` is true (MONGODB_URI was
   * set, nothing was started): never signal it in that case.
   */
  pid: number;
  /** True when `MONGODB_URI` was used and no process was started. */
  external: boolean;
  /** SIGTERM, up to 5 s grace, then SIGKILL; removes the data dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartMongoServerOptions {
  /** Loopback port to listen on; a free one is picked when omitted. */
  port?: number;
  /** Readiness timeout in ms (default 60 000). */
  readyTimeoutMs?: number;
  /** FerretDB log level passed to the Go program (default `warn`). */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /**
   * Loopback address (host:port) for Go's profiler, net/http/pprof (default: $MONGO_SERVER_PPROF_ADDR; off when
   * neither is set). `go tool pprof http://ADDR/debug/pprof/profile?seconds=15` while a benchmark runs.
   */
  pprofAddr?: string;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
/** Files whose content decides the cached binary's name: go.mod, go.sum and every *.go. */
async function sourceFiles(srcDir: string): Promise<string[]> {
  const goFiles = (await fs.readdir(srcDir)).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort();
  return ['go.mod', 'go.sum', ...goFiles];
}

/** Directory holding go.mod / main.go (tools/stand-ins/mongo-server). */
export function mongoServerSourceDir(): string {
  const candidates: string[] = [];
  if (typeof __dirname !== 'undefined') candidates.push(path.resolve(__dirname, '..'));
  candidates.push(path.resolve(process.cwd(), 'tools', 'stand-ins', 'mongo-server'));
  // Walk up from cwd (e.g. when run from a project folder).
  for (let dir = process.cwd(); ; ) {
    candidates.push(path.join(dir, 'tools', 'stand-ins', 'mongo-server'));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const c of candidates) {
    if (existsSync(path.join(c, 'go.mod')) && existsSync(path.join(c, 'main.go'))) return c;
  }
  throw new Error(`mongo-server: cannot find tools/stand-ins/mongo-server (go.mod, main.go); looked in ${candidates.join(', ')}`);
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'twilio-config');
}

/** The Go toolchain: $GO, else `go` on PATH or in its usual places. */
export function goCommand(): string {
  if (process.env.GO) return process.env.GO;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, 'go'))) return path.join(dir, 'go');
  }
  for (const p of ['/usr/local/go/bin/go', '/usr/lib/go/bin/go', path.join(os.homedir(), 'go', 'bin', 'go')]) {
    if (existsSync(p)) return p;
  }
  return 'go';
}

async function sourceHash(srcDir: string): Promise<string> {
  const h = createHash('sha256');
  h.update(`${process.platform}-${process.arch}\0`);
  for (const f of await sourceFiles(srcDir)) {
    h.update(`${f}\0`);
    h.update(await fs.readFile(path.join(srcDir, f)));
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    await fs.access(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Cross-process lock: an exclusively created file holding the owner's PID.
 * A lock whose owner is dead (or older than 20 min) is taken over.
 * Returns null if `done()` becomes true while waiting (someone else finished).
 */
async function acquireLock(lockPath: string, done: () => Promise<boolean>): Promise<(() => Promise<void>) | null> {
  for (;;) {
    try {
      const fh = await fs.open(lockPath, 'wx');
      await fh.writeFile(String(process.pid));
      await fh.close();
      return async () => {
        await fs.rm(lockPath, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (await done()) return null;
    try {
      const [content, st] = await Promise.all([fs.readFile(lockPath, 'utf8'), fs.stat(lockPath)]);
      const owner = Number.parseInt(content, 10);
      const stale = (content !== '' && !pidAlive(owner)) || Date.now() - st.mtimeMs > 20 * 60_000;
      if (stale) {
        await fs.rm(lockPath, { force: true });
        continue;
      }
    } catch {
      // Lock vanished (or is being written) in between: just retry.
    }
    await sleep(500);
  }
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  const build = superviseProcess({ name: cmd, command: cmd, args, cwd, env, keptLines: 400 });
  const status = await build.exited;
  if (status.code === 0) return;
  throw new Error(`mongo-server: \`${cmd} ${args.join(' ')}\` ${describeExit(status)} in ${cwd}:\n${build.recentOutput()}`);
}

let binaryPromise: Promise<string> | undefined;

/**
 * Builds the Go program once (per source hash) and returns the cached binary's
 * path. `MONGO_SERVER_BIN` overrides it with a prebuilt binary.
 */
export function ensureMongoServerBinary(): Promise<string> {
  if (process.env.MONGO_SERVER_BIN) return Promise.resolve(process.env.MONGO_SERVER_BIN);
  binaryPromise ??= buildBinary().catch((err: unknown) => {
    binaryPromise = undefined;
    throw err;
  });
  return binaryPromise;
}

async function buildBinary(): Promise<string> {
  const srcDir = mongoServerSourceDir();
  const dir = cacheDir();
  const binPath = path.join(dir, `mongo-server-${await sourceHash(srcDir)}`);
  if (await isExecutable(binPath)) return binPath;

  await fs.mkdir(dir, { recursive: true });
  const release = await acquireLock(`${binPath}.lock`, () => isExecutable(binPath));
  if (!release) return binPath;
  try {
    if (await isExecutable(binPath)) return binPath;
    const tmp = `${binPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    process.stderr.write(`mongo-server: building FerretDB (first run only)… -> ${binPath}\n`);
    const started = Date.now();
    try {
      await run(
        goCommand(),
        ['build', '-buildvcs=false', '-trimpath', '-ldflags=-s -w', '-o', tmp, '.'],
        srcDir,
        { ...process.env, CGO_ENABLED: '0', GOTELEMETRY: 'off' },
      );
      await fs.chmod(tmp, 0o755);
      await fs.rename(tmp, binPath); // atomic within the directory
    } finally {
      await fs.rm(tmp, { force: true });
    }
    process.stderr.write(`mongo-server: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    await pruneOldBinaries(dir, binPath);
    return binPath;
  } finally {
    await release();
  }
}

/** Best effort: drops binaries of other source versions built over 30 days ago. */
async function pruneOldBinaries(dir: string, keep: string): Promise<void> {
  try {
    for (const name of await fs.readdir(dir)) {
      const p = path.join(dir, name);
      if (p === keep || !/^mongo-server-[0-9a-f]{16}$/.test(name)) continue;
      const st = await fs.stat(p);
      if (Date.now() - st.mtimeMs > 30 * 24 * 3600_000) await fs.rm(p, { force: true });
    }
  } catch {
    // ignore
  }
}

/** A free loopback TCP port (listen on 0, then close). */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------
// Minimal MongoDB `hello` over OP_MSG, to know the server really answers.

function encodeHello(requestId: number): Buffer {
  const cstr = (s: string) => Buffer.concat([Buffer.from(s, 'utf8'), Buffer.from([0])]);
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return b;
  };
  const dbValue = cstr('admin');
  const elements = Buffer.concat([
    Buffer.from([0x10]), cstr('hello'), int32(1),
    Buffer.from([0x02]), cstr('$db'), int32(dbValue.length), dbValue,
  ]);
  const doc = Buffer.concat([int32(elements.length + 5), elements, Buffer.from([0])]);
  const body = Buffer.concat([int32(0) /* flagBits */, Buffer.from([0]) /* section kind 0 */, doc]);
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(2013, 12); // OP_MSG
  return Buffer.concat([header, body]);
}

/** Reads `ok` from a top-level BSON document; undefined if not found/parsable. */
function bsonOk(doc: Buffer): number | undefined {
  let i = 4;
  const fixed: Record<number, number> = { 0x01: 8, 0x07: 12, 0x08: 1, 0x09: 8, 0x0a: 0, 0x10: 4, 0x11: 8, 0x12: 8, 0x13: 16, 0x7f: 0, 0xff: 0 };
  while (i < doc.length - 1) {
    const type = doc[i++];
    const end = doc.indexOf(0, i);
    if (end < 0) return undefined;
    const name = doc.toString('utf8', i, end);
    i = end + 1;
    if (name === 'ok') {
      if (type === 0x01) return doc.readDoubleLE(i);
      if (type === 0x10) return doc.readInt32LE(i);
      if (type === 0x12) return Number(doc.readBigInt64LE(i));
      if (type === 0x08) return doc[i];
      return undefined;
    }
    if (type in fixed) i += fixed[type];
    else if (type === 0x02 || type === 0x0d || type === 0x0e) i += 4 + doc.readInt32LE(i);
    else if (type === 0x03 || type === 0x04) i += doc.readInt32LE(i);
    else if (type === 0x05) i += 5 + doc.readInt32LE(i);
    else return undefined;
  }
  return undefined;
}

/** Resolves true if a MongoDB `hello` on host:port replies with ok: 1. */
export function pingMongo(port: number, host = '127.0.0.1', timeoutMs = 2_000, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const requestId = 1 + Math.floor(Math.random() * 0x7ffffff0);
    let buf = Buffer.alloc(0);
    let settled = false;
    const finish = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const socket = net.connect({ port, host });
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal?.addEventListener('abort', () => finish(false), { once: true });
    socket.on('error', () => finish(false));
    socket.on('close', () => finish(false));
    socket.on('connect', () => socket.write(encodeHello(requestId)));
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4) return;
      const len = buf.readInt32LE(0);
      if (buf.length < len) return;
      // header(16) + flagBits(4) + kind(1) + document
      if (len < 26 || buf.readInt32LE(8) !== requestId || buf.readInt32LE(12) !== 2013 || buf[20] !== 0) {
        return finish(false);
      }
      finish(bsonOk(buf.subarray(21, len)) === 1);
    });
  });
}

// ---------------------------------------------------------------------------

function portFromUri(uri: string): number {
  const m = /^mongodb(?:\+srv)?:\/\/(?:[^@/]*@)?[^/,:]+:(\d+)/.exec(uri);
  return m ? Number(m[1]) : 27017;
}

/**
 * Starts FerretDB on 127.0.0.1 with a fresh temp data dir and resolves once it
 * answers `hello`. When `MONGODB_URI` is set, returns it and starts nothing.
 */
export async function startMongoServer(opts: StartMongoServerOptions = {}): Promise<MongoServerHandle> {
  const external = process.env.MONGODB_URI;
  if (external) {
    return { uri: external, port: portFromUri(external), pid: 0, external: true, stop: async () => undefined };
  }

  const bin = await ensureMongoServerBinary();
  // A picked port can be taken between close() and the child's bind: retry then.
  const attempts = opts.port ? 1 : 3;
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await getFreePort());
    try {
      return await launch(bin, port, opts);
    } catch (err) {
      if (attempt >= attempts || !/address already in use/i.test(String(err))) throw err;
    }
  }
}

async function launch(bin: string, port: number, opts: StartMongoServerOptions): Promise<MongoServerHandle> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mongo-server-'));
  // Best effort if this process exits without stop(); the supervisor kills the server then.
  const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeDataDir);
  let stopping: Promise<void> | undefined;
  const stopAndClean = (server: SupervisedProcess): Promise<void> => {
    stopping ??= (async () => {
      await server.stop();
      process.removeListener('exit', removeDataDir);
      await fs.rm(dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const server = superviseProcess({
    name: `mongo-server (${bin})`,
    command: bin,
    args: ['-listen-addr', `127.0.0.1:${port}`, '-data-dir', dataDir, '-log-level', opts.logLevel ?? 'warn', '-exit-on-stdin-close', '-remove-data-dir', ...pprofArgs(opts)],
    // stdin stays an open pipe: the server exits when this process dies, even by SIGKILL.
    stdinPipe: true,
    stopGraceMs: STOP_GRACE_MS,
  });
  try {
    await server.waitUntilReady(
      probe(`it was ready on 127.0.0.1:${port} (it answers a MongoDB hello)`, async (signal) => ((await pingMongo(port, '127.0.0.1', 2_000, signal)) ? true : undefined), 50),
      { timeoutMs: opts.readyTimeoutMs ?? READY_TIMEOUT_MS },
    );
  } catch (error) {
    await stopAndClean(server);
    throw error;
  }
  return { uri: `mongodb://127.0.0.1:${port}/`, port, pid: server.pid as number, external: false, stop: () => stopAndClean(server) };
}

function pprofArgs(opts: StartMongoServerOptions): string[] {
  const address = opts.pprofAddr ?? process.env.MONGO_SERVER_PPROF_ADDR;
  return address ? ['-pprof-addr', address] : [];
}
