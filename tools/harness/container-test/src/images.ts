import { WORKSPACE_ROOT } from '@twilio-config/dev-stack';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR, podman, podmanOk } from './podman';

/**
 * The Debian base the tests build on: no registry is reachable here, so it is made with
 * debootstrap (minbase) and imported; the Containerfile's default is the public
 * docker.io/library/debian:bookworm-slim instead (docs/operations/deploy.md).
 */
export const BASE_IMAGE = 'localhost/debian-base:bookworm';
const ROOTFS_TAR = path.join(CACHE_DIR, 'debian-bookworm-minbase.tar');
const DEBIAN_MIRROR = process.env.DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
const CONTAINERFILE = 'deploy/container/Containerfile';

export type ImageTarget = 'api' | 'console';

/** The sources each image is built from (mirrors .containerignore: tests, tools and e2e stay out). */
const IMAGE_INPUTS: Record<ImageTarget, string[]> = {
  api: ['deploy/container/Containerfile', 'deploy/container/api', 'package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'tsconfig.json', 'libs', 'backend'],
  console: ['deploy/container/Containerfile', 'deploy/container/console', 'package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'tsconfig.json', 'libs', 'admin-console'],
};
const EXCLUDED = [/(^|\/)node_modules(\/|$)/, /\.spec\.ts$/, /^backend\/test(\/|$)/];

export interface BuiltImage {
  target: ImageTarget;
  tag: string;
  /** Seconds spent building; 0 when the image was already built from the same inputs. */
  buildSeconds: number;
  sizeBytes: number;
}

/** Why the base image cannot be had here, or null (checked synchronously, before any test). */
export function baseImageUnavailableReason(): string | null {
  if (existsSync(ROOTFS_TAR)) return null;
  if (spawnSync('sh', ['-c', 'command -v debootstrap'], { encoding: 'utf8' }).status !== 0) {
    return 'debootstrap is not installed and no Debian base is cached (.ci/run installs it)';
  }
  if (process.getuid?.() !== 0) return 'debootstrap needs root to make the Debian base image';
  return null;
}

/** localhost/debian-base:bookworm, imported from the cached root file system, made first if needed. */
export async function ensureBaseImage(): Promise<string> {
  if ((await podman(['image', 'exists', BASE_IMAGE])).status !== 0) {
    if (!existsSync(ROOTFS_TAR)) makeRootFilesystemTar();
    await podmanOk(['import', ROOTFS_TAR, BASE_IMAGE], { timeoutMs: 300_000 });
  }
  return podmanOk(['image', 'inspect', '--format', '{{.Id}}', BASE_IMAGE]);
}

function makeRootFilesystemTar(): void {
  mkdirSync(CACHE_DIR, { recursive: true });
  const rootfs = mkdtempSync(path.join(CACHE_DIR, 'rootfs-'));
  try {
    run('debootstrap', ['--variant=minbase', 'bookworm', rootfs, DEBIAN_MIRROR], 900_000);
    // What Debian's own -slim images leave out: documentation, manuals, translations, apt's caches.
    for (const dir of ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/cache/apt/archives', 'var/lib/apt/lists']) {
      const full = path.join(rootfs, dir);
      if (!existsSync(full)) continue;
      for (const entry of readdirSync(full)) if (entry !== 'partial' && entry !== 'lock') rmSync(path.join(full, entry), { recursive: true, force: true });
    }
    for (const entry of readdirSync(path.join(rootfs, 'var/cache/apt'))) {
      if (entry.endsWith('.bin')) rmSync(path.join(rootfs, 'var/cache/apt', entry), { force: true });
    }
    run('tar', ['-C', rootfs, '-cf', `${ROOTFS_TAR}.partial`, '.'], 300_000);
    renameSync(`${ROOTFS_TAR}.partial`, ROOTFS_TAR);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeout: number): void {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.signal ?? `exit ${result.status}`}):\n${`${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n')}`);
  }
}

/** A digest of every file an image is built from, and the base image's id. */
export function inputsDigest(target: ImageTarget, baseImageId: string): string {
  const hash = createHash('sha256').update(`${target}\0${baseImageId}\0`);
  const files = IMAGE_INPUTS[target].flatMap((input) => listFiles(input)).sort();
  for (const file of files) hash.update(`${file}\0`).update(readFileSync(path.join(WORKSPACE_ROOT, file))).update('\0');
  return hash.digest('hex');
}

function listFiles(relative: string): string[] {
  if (EXCLUDED.some((pattern) => pattern.test(relative))) return [];
  const full = path.join(WORKSPACE_ROOT, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).flatMap((entry) => listFiles(path.posix.join(relative, entry)));
}

/**
 * The image of one Containerfile target, built on the local Debian base unless an image built
 * from the same inputs exists (then nothing is done); podman's layer cache makes a rebuild after
 * a source change skip npm ci. The inputs' digest is kept as a second tag (`:inputs-<digest>`;
 * buildah drops `--label` when every step comes from its cache). The host's CA bundle is handed
 * to npm as the build secret `extra_ca`, so a TLS-inspecting proxy the host trusts works in the
 * build too.
 */
export async function ensureImage(target: ImageTarget, baseImageId: string): Promise<BuiltImage> {
  const repository = `localhost/twilio-config-${target}`;
  const tag = `${repository}:test`;
  const inputsTag = `${repository}:inputs-${inputsDigest(target, baseImageId).slice(0, 32)}`;
  let buildSeconds = 0;
  if ((await podman(['image', 'exists', inputsTag])).status === 0) {
    await podmanOk(['tag', inputsTag, tag]);
  } else {
    const logDir = path.join(WORKSPACE_ROOT, 'tmp', 'container-test');
    mkdirSync(logDir, { recursive: true });
    const caBundle = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'].find((file) => existsSync(file));
    const started = Date.now();
    await podmanOk(
      [
        'build',
        '--network', 'host',
        '--format', 'docker',
        '-f', CONTAINERFILE,
        '--target', target,
        '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`,
        ...(caBundle ? ['--secret', `id=extra_ca,src=${caBundle}`] : []),
        '-t', tag,
        '-t', inputsTag,
        '.',
      ],
      { cwd: WORKSPACE_ROOT, timeoutMs: 1_500_000, logFile: path.join(logDir, `build-${target}.log`) },
    );
    buildSeconds = (Date.now() - started) / 1000;
    // Images built from earlier inputs: untagged and removed (their build cache layers stay).
    const tags = (await podmanOk(['images', '--format', '{{.Repository}}:{{.Tag}}', repository])).split('\n');
    const stale = tags.filter((name) => name.startsWith(`${repository}:inputs-`) && name !== inputsTag);
    if (stale.length > 0) await podman(['rmi', ...stale]);
  }
  const sizeBytes = Number(await podmanOk(['image', 'inspect', '--format', '{{.Size}}', tag]));
  return { target, tag, buildSeconds, sizeBytes };
}
