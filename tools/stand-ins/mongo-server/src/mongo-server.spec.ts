import * as net from 'node:net';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MongoClient, MongoServerError, type Collection, type Document } from 'mongodb';
import mongoose from 'mongoose';
import { ensureMongoServerBinary, getFreePort, goCommand, mongoServerSourceDir, pingMongo, startMongoServer, type MongoServerHandle } from './mongo-server';

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

const savedUri = process.env.MONGODB_URI;
beforeAll(async () => {
  // These tests exercise the launcher itself, never an external server.
  delete process.env.MONGODB_URI;
  await ensureMongoServerBinary();
});
afterAll(() => {
  if (savedUri !== undefined) process.env.MONGODB_URI = savedUri;
});

describe('ensureMongoServerBinary', () => {
  it('returns one cached binary to parallel callers', async () => {
    const paths = await Promise.all([ensureMongoServerBinary(), ensureMongoServerBinary()]);
    expect(paths[0]).toBe(paths[1]);
    expect(paths[0]).toMatch(/twilio-config[/\\]mongo-server-[0-9a-f]{16}$/);
    expect(existsSync(paths[0])).toBe(true);
  });
});

describe('the Go program', () => {
  it('passes its own unit tests (go test: the log handler that formats only what is written)', () => {
    const run = spawnSync(goCommand(), ['test', '-count=1', './...'], { cwd: mongoServerSourceDir(), encoding: 'utf8', timeout: 120_000 });
    expect(`${run.stdout}${run.stderr}`).toMatch(/^ok\s/m);
    expect(run.status).toBe(0);
  });
});

describe('startMongoServer', () => {
  it('serves real MongoDB operations and stops cleanly', async () => {
    const server = await startMongoServer();
    expect(server.external).toBe(false);
    expect(server.uri).toBe(`mongodb://127.0.0.1:${server.port}/`);
    expect(server.pid).toBeGreaterThan(0);

    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 });
    try {
      await client.connect();
      const col = client.db('launcher_test').collection('things');
      await col.insertOne({ _id: 'a' as never, name: 'first', n: 1 });
      expect(await col.findOne({ _id: 'a' as never })).toEqual({ _id: 'a', name: 'first', n: 1 });

      await col.createIndex({ name: 1 }, { unique: true });
      await col.insertOne({ name: 'unique-one' });
      const dup = await col.insertOne({ name: 'unique-one' }).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(MongoServerError);
      expect((dup as MongoServerError).code).toBe(11000);
    } finally {
      await client.close();
    }

    await server.stop();
    await server.stop(); // idempotent
    expect(await portIsClosed(server.port)).toBe(true);
  });

  it('uses the requested port', async () => {
    const port = await getFreePort();
    const server = await startMongoServer({ port });
    try {
      expect(server.port).toBe(port);
      expect(await pingMongo(port)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('fails fast with the server output when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;
    try {
      const started = Date.now();
      await expect(startMongoServer({ port })).rejects.toThrow(/exited .*before it was ready[\s\S]*address already in use/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      blocker.close();
    }
  });

  it('makes driver operations fail quickly (not hang) once the server is killed', async () => {
    const server = await startMongoServer();
    const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 1_500, connectTimeoutMS: 1_500 });
    try {
      await client.connect();
      const col = client.db('kill_test').collection('x');
      await col.insertOne({ ok: true });

      process.kill(server.pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 100));

      const started = Date.now();
      const err = await col.findOne({}).catch((e: unknown) => e);
      const elapsed = Date.now() - started;
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toMatch(/^Mongo(Network|ServerSelection)Error$/);
      expect(elapsed).toBeLessThan(5_000);
    } finally {
      await client.close(true);
      await server.stop();
    }
    expect(await portIsClosed(server.port)).toBe(true);
  });

  it('returns MONGODB_URI untouched and starts nothing when it is set', async () => {
    process.env.MONGODB_URI = 'mongodb://db.example:27018/app';
    try {
      const server = await startMongoServer();
      expect(server).toMatchObject({ uri: 'mongodb://db.example:27018/app', port: 27018, external: true, pid: 0 });
      await server.stop();
    } finally {
      delete process.env.MONGODB_URI;
    }
  });
});

describe('FerretDB features the product relies on', () => {
  let server: MongoServerHandle;
  let client: MongoClient;
  let col: Collection<Document>;

  beforeAll(async () => {
    server = await startMongoServer();
    client = await new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000 }).connect();
    col = client.db('features').collection('docs');
    await col.createIndex({ orgId: 1, key: 1 }, { unique: true });
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('findOneAndUpdate with upsert and returnDocument "after"', async () => {
    const created = await col.findOneAndUpdate(
      { orgId: 'o1', key: 'k1' },
      { $set: { value: 'v1' }, $setOnInsert: { createdAt: new Date(0) } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).toMatchObject({ orgId: 'o1', key: 'k1', value: 'v1', createdAt: new Date(0) });

    const updated = await col.findOneAndUpdate(
      { orgId: 'o1', key: 'k1' },
      { $set: { value: 'v2' }, $setOnInsert: { createdAt: new Date(1) } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(updated).toMatchObject({ value: 'v2', createdAt: new Date(0) });
    expect(updated?._id).toEqual(created?._id);

    const before = await col.findOneAndUpdate({ orgId: 'o1', key: 'k1' }, { $set: { value: 'v3' } }, { returnDocument: 'before' });
    expect(before).toMatchObject({ value: 'v2' });
    const result = await col.findOneAndUpdate(
      { orgId: 'o1', key: 'k1' },
      { $set: { value: 'v4' } },
      { returnDocument: 'after', includeResultMetadata: true },
    );
    expect(result.value).toMatchObject({ value: 'v4' });
    expect(result.ok).toBe(1);
  });

  it('updateOne with $set/$setOnInsert upsert', async () => {
    const r1 = await col.updateOne(
      { orgId: 'o2', key: 'k' },
      { $set: { value: 1 }, $setOnInsert: { createdBy: 'u1' } },
      { upsert: true },
    );
    expect(r1).toMatchObject({ matchedCount: 0, upsertedCount: 1 });
    expect(r1.upsertedId).toBeTruthy();

    const r2 = await col.updateOne(
      { orgId: 'o2', key: 'k' },
      { $set: { value: 2 }, $setOnInsert: { createdBy: 'u2' } },
      { upsert: true },
    );
    expect(r2).toMatchObject({ matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    expect(await col.findOne({ orgId: 'o2', key: 'k' }, { projection: { _id: 0 } })).toEqual({
      orgId: 'o2',
      key: 'k',
      value: 2,
      createdBy: 'u1',
    });
  });

  it('unique compound index rejects duplicates with 11000 (insert, update, findOneAndUpdate)', async () => {
    await col.insertOne({ orgId: 'o3', key: 'dup' });
    const e1 = await col.insertOne({ orgId: 'o3', key: 'dup' }).catch((e: unknown) => e);
    expect((e1 as MongoServerError).code).toBe(11000);
    await col.insertOne({ orgId: 'o3', key: 'other' });
    const e2 = await col.updateOne({ orgId: 'o3', key: 'other' }, { $set: { key: 'dup' } }).catch((e: unknown) => e);
    expect((e2 as MongoServerError).code).toBe(11000);
    const e3 = await col.findOneAndUpdate({ orgId: 'o3', key: 'other' }, { $set: { key: 'dup' } }).catch((e: unknown) => e);
    expect(e3).toBeInstanceOf(MongoServerError);
    expect((e3 as MongoServerError).code).toBe(11000);
    expect(await col.countDocuments({ orgId: 'o3' })).toBe(2);
  });

  it('concurrent $inc and upserts on one document lose nothing (writes are serialized)', async () => {
    const c = client.db('features').collection('counters');
    await c.createIndex({ name: 1 }, { unique: true });
    await Promise.all(
      Array.from({ length: 25 }, () =>
        c.findOneAndUpdate({ name: 'hits' }, { $inc: { n: 1 }, $setOnInsert: { since: 'x' } }, { upsert: true, returnDocument: 'after' }),
      ),
    );
    await Promise.all(Array.from({ length: 25 }, () => c.updateOne({ name: 'hits' }, { $inc: { n: 1 } })));
    expect(await c.countDocuments({ name: 'hits' })).toBe(1);
    expect(await c.findOne({ name: 'hits' }, { projection: { _id: 0 } })).toEqual({ name: 'hits', n: 50, since: 'x' });
  });

  it('countDocuments, sort + skip + limit, $inc', async () => {
    const c = client.db('features').collection('events');
    await c.insertMany(Array.from({ length: 10 }, (_, i) => ({ orgId: i % 2 ? 'odd' : 'even', seq: i, hits: 0 })));
    expect(await c.countDocuments({})).toBe(10);
    expect(await c.countDocuments({ orgId: 'odd' })).toBe(5);
    expect(await c.countDocuments({ seq: { $gte: 7 } })).toBe(3);

    const top = await c.find({ orgId: 'even' }).sort({ seq: -1 }).skip(1).limit(2).toArray();
    expect(top.map((d) => d.seq)).toEqual([6, 4]);

    await c.updateOne({ seq: 3 }, { $inc: { hits: 1 } });
    await c.updateOne({ seq: 3 }, { $inc: { hits: 2, other: 5 } });
    const incd = await c.findOneAndUpdate({ seq: 3 }, { $inc: { hits: 10 } }, { returnDocument: 'after' });
    expect(incd).toMatchObject({ hits: 13, other: 5 });
    const many = await c.updateMany({ orgId: 'odd' }, { $inc: { hits: 1 } });
    expect(many.modifiedCount).toBe(5);
  });

  it('mongoose: Model.init() builds unique indexes; duplicates fail with 11000', async () => {
    const conn = await mongoose.createConnection(`${server.uri}mongoose_test`, { serverSelectionTimeoutMS: 5_000 }).asPromise();
    try {
      const schema = new mongoose.Schema(
        { orgId: { type: String, required: true }, name: { type: String, required: true }, count: { type: Number, default: 0 } },
        { timestamps: true },
      );
      schema.index({ orgId: 1, name: 1 }, { unique: true });
      const Model = conn.model('Thing', schema);
      await Model.init();

      await Model.create({ orgId: 'o', name: 'n' });
      const dup = await Model.create({ orgId: 'o', name: 'n' }).catch((e: unknown) => e);
      expect((dup as { code?: number }).code).toBe(11000);

      const up = await Model.findOneAndUpdate(
        { orgId: 'o', name: 'n2' },
        { $inc: { count: 1 }, $setOnInsert: { orgId: 'o', name: 'n2' } },
        { upsert: true, returnDocument: 'after' },
      ).lean();
      expect(up).toMatchObject({ orgId: 'o', name: 'n2', count: 1 });
      expect(await Model.countDocuments({ orgId: 'o' })).toBe(2);
      const sorted = await Model.find({ orgId: 'o' }).sort({ name: -1 }).limit(1).lean();
      expect(sorted.map((d) => d.name)).toEqual(['n2']);
    } finally {
      await conn.close();
    }
  });
});
