import { WORKSPACE_ROOT } from '@twilio-config/dev-stack';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const read = (file: string) => readFileSync(path.join(WORKSPACE_ROOT, file), 'utf8');
/** Variables whose values are secrets: they reach the containers only as files (VARIABLE_FILE). */
const SECRET_VARIABLES = ['CREDENTIALS_ENCRYPTION_KEY', 'CREDENTIALS_ENCRYPTION_KEY_PREVIOUS', 'MONGODB_URI', 'REDIS_URL', 'METRICS_TOKEN', 'TWILIO_AUTH_TOKEN'];

/** compose.yaml as lines without comments (a comment starts at a `#` at a line's start or after a space). */
function activeLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .filter((line) => line.trim() !== '');
}

/**
 * compose.yaml, read as text (no compose tool runs here): it names every variable the API reads,
 * hands secrets over only as files, and its secret files are what deploy/container/make-secrets.sh makes.
 */
describe('compose.yaml', () => {
  const compose = read('compose.yaml');
  const active = activeLines(compose);

  it('names every variable of .env.example, set or explained in a comment', () => {
    const variables = [...read('.env.example').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]);
    expect(variables.length).toBeGreaterThan(10);
    expect(variables.filter((name) => !new RegExp(`\\b${name}(_FILE)?\\b`).test(compose))).toEqual([]);
  });

  it('passes secrets only as files under /run/secrets, each declared with a file under ./secrets', () => {
    const plainSecrets = active.filter((line) => SECRET_VARIABLES.some((name) => new RegExp(`^\\s*${name}\\s*:`).test(line)));
    expect(plainSecrets).toEqual([]);
    const mounted = active.flatMap((line) => [...line.matchAll(/^\s*[A-Z0-9_]+_FILE:\s*\/run\/secrets\/([\w.-]+)\s*$/g)].map((match) => match[1]));
    expect(mounted).toEqual(expect.arrayContaining(['credentials_encryption_key', 'mongodb_uri', 'redis_url', 'mongo_root_password']));
    for (const name of mounted) expect(compose).toMatch(new RegExp(`^  ${name}:\\n    file: \\./secrets/[\\w.-]+$`, 'm'));
  });

  it('builds its images from the Containerfile targets that exist', () => {
    const containerfile = read('deploy/container/Containerfile');
    const targets = [...compose.matchAll(/^\s+target: (\S+)$/gm)].map((match) => match[1]);
    expect(targets.sort()).toEqual(['api', 'console']);
    for (const target of targets) expect(containerfile).toMatch(new RegExp(`^FROM \\S+ AS ${target}$`, 'm'));
  });

  it('publishes nothing on a public interface', () => {
    const published = active.filter((line) => /^\s+- "[\d.:]+:\d+"$/.test(line));
    expect(published.length).toBeGreaterThan(0);
    expect(published.filter((line) => !line.includes('"127.0.0.1:'))).toEqual([]);
  });

  it('gets every secret file it mounts from make-secrets.sh, unreadable to other host users, and keeps them on a second run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'make-secrets-'));
    try {
      const secrets = path.join(dir, 'secrets');
      const first = spawnSync('sh', [path.join(WORKSPACE_ROOT, 'deploy/container/make-secrets.sh'), secrets], { encoding: 'utf8' });
      expect(first.status).toBe(0);
      const files = [...compose.matchAll(/^ {4}file: \.\/secrets\/([\w.-]+)$/gm)].map((match) => match[1]);
      expect(files.length).toBeGreaterThan(4);
      for (const file of files) expect({ file, mode: (statSync(path.join(secrets, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '444' });
      expect((statSync(secrets).mode & 0o777).toString(8)).toBe('700');
      expect(readFileSync(path.join(secrets, 'credentials_encryption_key'), 'utf8')).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
      // The URIs carry the same passwords as the servers' own secrets.
      const mongoPassword = readFileSync(path.join(secrets, 'mongo_root_password'), 'utf8').trim();
      expect(readFileSync(path.join(secrets, 'mongodb_uri'), 'utf8')).toContain(`:${mongoPassword}@mongo:27017/`);
      const redisPassword = /^requirepass (\S+)$/m.exec(readFileSync(path.join(secrets, 'redis.conf'), 'utf8'))?.[1];
      expect(readFileSync(path.join(secrets, 'redis_url'), 'utf8').trim()).toBe(`redis://:${redisPassword}@redis:6379/0`);

      const key = readFileSync(path.join(secrets, 'credentials_encryption_key'), 'utf8');
      const second = spawnSync('sh', [path.join(WORKSPACE_ROOT, 'deploy/container/make-secrets.sh'), secrets], { encoding: 'utf8' });
      expect(second.status).toBe(0);
      expect(readFileSync(path.join(secrets, 'credentials_encryption_key'), 'utf8')).toBe(key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
