import { reachableRedis, startLocalIdentity, type LocalIdentity } from '@twilio-config/dev-stack';
import { getFreePort, startMongoServer, type MongoServerHandle } from '@twilio-config/mongo-server';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runContainer, runOnce, waitForAnswer, type RunningContainer } from './containers';
import { baseImageUnavailableReason, ensureBaseImage, ensureImage, type BuiltImage } from './images';
import { podman, podmanOk, podmanUnavailableReason } from './podman';

const unavailable = podmanUnavailableReason() ?? baseImageUnavailableReason();
if (unavailable) process.stdout.write(`container-test skipped: ${unavailable}\n`);
const describeWithPodman = unavailable ? describe.skip : describe;

const SECRET_MOUNT = '/run/secrets/credentials_encryption_key';
const CONSOLE_CLIENT_ID = 'console-spa-client';

/**
 * The images of deploy/container/Containerfile, built here on a local Debian base and run with
 * podman against the stand-ins on the host: FerretDB, Redis, the Twilio emulator and the local
 * identity provider. Everything reaches the API only through the container's published port.
 */
describeWithPodman(`the container images${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const runId = randomBytes(4).toString('hex');
  // Auth0 organization ids: org_ and 16 alphanumerics.
  const orgId = `org_ctest${runId}abc`;
  const cleanups: Array<() => Promise<unknown>> = [];
  let api: BuiltImage;
  let consoleImage: BuiltImage;
  let mongo: MongoServerHandle;
  let emulator: RunningTwilioEmulator;
  let identity: LocalIdentity;
  let account: EmulatorAccountSummary;
  let apiContainer: RunningContainer;
  let consoleContainer: RunningContainer;
  let apiUrl: string;
  let consoleUrl: string;
  let apiEnv: Record<string, string>;
  let secretsDir: string;
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');

  beforeAll(async () => {
    const started = Date.now();
    const baseImageId = await ensureBaseImage();
    api = await ensureImage('api', baseImageId);
    consoleImage = await ensureImage('console', baseImageId);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
    const built = (image: BuiltImage) => (image.buildSeconds ? `built in ${image.buildSeconds.toFixed(0)} s` : 'unchanged inputs, not rebuilt');
    process.stdout.write(
      `\ncontainer images (${((Date.now() - started) / 1000).toFixed(0)} s to have them):\n` +
        `  ${api.tag}  ${mb(api.sizeBytes)}  ${built(api)}\n` +
        `  ${consoleImage.tag}  ${mb(consoleImage.sizeBytes)}  ${built(consoleImage)}\n\n`,
    );

    const redisUrl = await reachableRedis(process.env.CONTAINER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7');
    if (!redisUrl) throw new Error('Redis does not answer on 127.0.0.1:6379 (start it: see README, Prerequisites)');
    mongo = await startMongoServer();
    cleanups.push(() => mongo.stop());
    emulator = await startTwilioEmulator({ port: 0 });
    cleanups.push(() => emulator.stop());
    identity = await startLocalIdentity([orgId]);
    cleanups.push(() => identity.stop());
    account = await emulator.admin.createAccount({ phoneNumbers: ['+61380000001'] });

    // The encryption key reaches the container as a file (a compose/podman secret), never as a variable.
    secretsDir = mkdtempSync(path.join(tmpdir(), 'container-test-'));
    cleanups.push(async () => rmSync(secretsDir, { recursive: true, force: true }));
    writeSecret('key-a', keyA);
    writeSecret('key-b', keyB);

    const port = await getFreePort();
    apiUrl = `http://127.0.0.1:${port}`;
    consoleUrl = `http://127.0.0.1:${await getFreePort()}`;
    apiEnv = {
      PORT: String(port),
      MONGODB_URI: new URL(`container_test_${runId}`, mongo.uri).toString(),
      AUTH0_ISSUER_URL: identity.issuer,
      AUTH0_AUDIENCE: identity.audience,
      PUBLIC_BASE_URL: 'https://api.container-test.example',
      CORS_ORIGINS: consoleUrl,
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_ENV_FALLBACK: 'false',
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'warn',
    };
    apiContainer = await startApi(`tc-api-${runId}`, port, keyA);

    consoleContainer = await runContainer({
      name: `tc-console-${runId}`,
      image: consoleImage.tag,
      env: {
        PORT: new URL(consoleUrl).port,
        AUTH0_ISSUER_URL: identity.issuer,
        AUTH0_CLIENT_ID: CONSOLE_CLIENT_ID,
        AUTH0_AUDIENCE: identity.audience,
        PUBLIC_BASE_URL: apiUrl,
        SESSION_MAX_HOURS: '8',
      },
    });
    cleanups.push(() => consoleContainer.remove());
    await waitForAnswer(`${consoleUrl}/config.json`, consoleContainer);
  }, 1_800_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }, 120_000);

  function writeSecret(name: string, value: string): void {
    const file = path.join(secretsDir, name);
    writeFileSync(file, `${value}\n`);
    // Readable by the container's unprivileged user (a different uid from this process's).
    chmodSync(file, 0o444);
    chmodSync(secretsDir, 0o755);
  }

  async function startApi(name: string, port: number, key: string, previousKey?: string): Promise<RunningContainer> {
    const container = await runContainer({
      name,
      image: api.tag,
      // Every instance listens on the host's network: each needs ports of its own.
      env: { ...apiEnv, PORT: String(port), METRICS_PORT: String(await getFreePort()), CREDENTIALS_ENCRYPTION_KEY_FILE: SECRET_MOUNT, ...(previousKey ? { CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: previousKey } : {}) },
      volumes: [`${path.join(secretsDir, key === keyA ? 'key-a' : 'key-b')}:${SECRET_MOUNT}:ro`],
    });
    cleanups.push(() => container.remove());
    await waitForAnswer(`http://127.0.0.1:${port}/health/ready`, container);
    return container;
  }

  async function call(baseUrl: string, method: string, route: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { Authorization: `Bearer ${await identity.accessToken(orgId)}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  it('answers /health/ready with 200 while MongoDB answers, and its own HEALTHCHECK passes', async () => {
    const ready = await fetch(`${apiUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', info: { mongodb: { status: 'up' } } });
    const check = await podman(['healthcheck', 'run', apiContainer.name]);
    expect({ status: check.status, output: `${check.stdout}${check.stderr}`.trim() }).toEqual({ status: 0, output: '' });
    expect(await podmanOk(['inspect', '--format', '{{.State.Health.Status}}', apiContainer.name])).toBe('healthy');
  });

  it('saves an organization’s settings (validated with the emulator) and sends a test SMS through the container', async () => {
    const saved = await call(apiUrl, 'POST', '/api/twilio-config/settings', {
      accountSid: account.accountSid,
      authToken: account.authToken,
      fromNumber: '+61380000001',
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ configured: true, enabled: true, fromNumber: '+61380000001', hasAuthToken: true });
    expect(JSON.stringify(saved.json)).not.toContain(account.authToken);

    const sms = await call(apiUrl, 'POST', '/api/twilio-config/test/sms', { to: '+61491570006', body: 'Hello from the container' });
    expect(sms.status).toBe(200);
    const sent = await emulator.admin.messages(account.accountSid);
    expect(sent.map((message) => ({ sid: message.sid, to: message.to, from: message.from }))).toContainEqual({
      sid: sms.json.sid,
      to: '+61491570006',
      from: '+61380000001',
    });
  });

  it('runs the API and the console as an unprivileged user', async () => {
    for (const container of [apiContainer, consoleContainer]) {
      const uid = Number(await container.exec(['id', '-u']));
      // The owner of /proc/1 is the uid of the container's main process (node, nginx).
      const mainProcessUid = Number(await container.exec(['stat', '-c', '%u', '/proc/1']));
      expect({ container: container.name, uid, mainProcessUid }).toEqual({ container: container.name, uid: 10001, mainProcessUid: 10001 });
    }
  });

  it('bakes no secret into the API image: its environment holds only defaults', async () => {
    const config = JSON.parse(await podmanOk(['image', 'inspect', '--format', '{{json .Config}}', api.tag])) as {
      Env: string[];
      ExposedPorts: Record<string, unknown>;
      User: string;
    };
    expect(config.Env.map((entry) => entry.split('=')[0]).sort()).toEqual(['METRICS_PORT', 'NODE_ENV', 'PATH', 'PORT']);
    expect(Object.keys(config.ExposedPorts).sort()).toEqual(['3000/tcp', '9464/tcp']);
    expect(config.User).toBe('10001:10001');
  });

  it('runs the operator commands from the image: reencrypt after a key rotation, then a second instance on the new key', async () => {
    const usage = await runOnce({ image: api.tag, env: {}, command: ['node', 'dist/backend/cli.js'] });
    // Without configuration the command names the first missing variable and stops.
    expect(usage.status).toBe(1);
    expect(usage.stderr).toMatch(/^Configuration error: \w+ is required/m);

    const rotated = await runOnce({
      image: api.tag,
      env: { ...apiEnv, CREDENTIALS_ENCRYPTION_KEY_FILE: SECRET_MOUNT, CREDENTIALS_ENCRYPTION_KEY_PREVIOUS: keyA },
      volumes: [`${path.join(secretsDir, 'key-b')}:${SECRET_MOUNT}:ro`],
      command: ['node', 'dist/backend/cli.js', 'reencrypt'],
    });
    expect({ status: rotated.status, stdout: rotated.stdout.trim() }).toEqual({ status: 0, stdout: "Re-encrypted 1 of 1 organizations' secrets" });
    expect(`${rotated.stdout}${rotated.stderr}`).not.toContain(keyA);

    // A second instance that knows only the new key decrypts the re-encrypted secret and sends with it.
    const port = await getFreePort();
    await startApi(`tc-api2-${runId}`, port, keyB);
    const sms = await call(`http://127.0.0.1:${port}`, 'POST', '/api/twilio-config/test/sms', { to: '+61491570007', body: 'After the rotation' });
    expect(sms.status).toBe(200);
  });

  it('serves the console with config.json written from the environment, and index.html for the app’s routes', async () => {
    const config = await fetch(`${consoleUrl}/config.json`);
    expect(config.headers.get('cache-control')).toBe('no-store');
    expect(await config.json()).toEqual({
      auth0Domain: identity.issuer.replace(/\/$/, ''),
      auth0ClientId: CONSOLE_CLIENT_ID,
      auth0Audience: identity.audience,
      apiOrigin: apiUrl,
      sessionMaxHours: 8,
    });
    for (const route of ['/', '/settings']) {
      const page = await fetch(`${consoleUrl}${route}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<script src="main-');
    }
    expect((await fetch(`${consoleUrl}/missing-file.js`)).status).toBe(404);
  });
});
