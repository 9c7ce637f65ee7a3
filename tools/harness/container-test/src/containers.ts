import { podman, podmanOk } from './podman';

export interface RunningContainer {
  name: string;
  /** `podman exec` in the container, as the image's user; resolves with stdout. */
  exec(command: string[]): Promise<string>;
  /** The container's last log lines, for failure messages. */
  logs(): Promise<string>;
  remove(): Promise<void>;
}

/**
 * `podman run -d` on the host's network (the only network this machine's podman has; the
 * stand-ins listen on 127.0.0.1). The health check's timer is off (it needs systemd);
 * `podman healthcheck run` still runs the image's HEALTHCHECK on demand.
 */
export async function runContainer(options: {
  name: string;
  image: string;
  env: Record<string, string>;
  volumes?: string[];
  command?: string[];
}): Promise<RunningContainer> {
  const args = [
    'run', '-d',
    '--name', options.name,
    '--network', 'host',
    '--health-interval', 'disable',
    ...Object.entries(options.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
    ...(options.volumes ?? []).flatMap((volume) => ['-v', volume]),
    options.image,
    ...(options.command ?? []),
  ];
  await podmanOk(args, { timeoutMs: 60_000 });
  return {
    name: options.name,
    exec: (command) => podmanOk(['exec', options.name, ...command], { timeoutMs: 30_000 }),
    logs: async () => {
      const result = await podman(['logs', '--tail', '40', options.name]);
      return `${result.stdout}${result.stderr}`;
    },
    remove: async () => {
      await podman(['rm', '-f', '-t', '5', options.name], { timeoutMs: 30_000 });
    },
  };
}

/** `podman run --rm` of a one-off command (an operator command), with its exit status and output. */
export async function runOnce(options: { image: string; env: Record<string, string>; volumes?: string[]; command: string[] }) {
  return podman(
    [
      'run', '--rm',
      '--network', 'host',
      '--no-healthcheck',
      ...Object.entries(options.env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
      ...(options.volumes ?? []).flatMap((volume) => ['-v', volume]),
      options.image,
      ...options.command,
    ],
    { timeoutMs: 120_000 },
  );
}

/** Polls `url` until it answers `status`; on time-out, fails with the container's logs. */
export async function waitForAnswer(url: string, container: RunningContainer, options: { status?: number; timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.status === (options.status ?? 200)) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    const state = await podman(['inspect', '--format', '{{.State.Status}}', container.name]);
    if (state.stdout.trim() === 'exited') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${url} did not answer ${options.status ?? 200} (${last}); ${container.name} logs:\n${await container.logs()}`);
}
