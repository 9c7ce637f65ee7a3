import { execFileSync } from 'node:child_process';
import { startStack, WORKSPACE_ROOT } from './stack';

/** `npm start`: builds what changed (Nx caches the rest), starts everything, stops on Ctrl-C. */
async function main(): Promise<void> {
  const started = Date.now();
  process.stdout.write('Building the API and the console (cached after the first run)…\n');
  execFileSync('nx', ['run-many', '-t', 'build', '-p', 'backend', 'admin-console', '--output-style=stream'], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  const stack = await startStack();
  const lines = [
    '',
    'Twilio configuration is running:',
    `  Console      ${stack.consoleUrl}`,
    `  API          ${stack.apiUrl}   (Swagger UI: ${stack.apiUrl}/api/docs)`,
    `  MongoDB      ${stack.mongoUri}`,
    `Ready in ${((Date.now() - started) / 1000).toFixed(1)} s. Press Ctrl-C to stop.`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping…\n');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  process.exit(1);
});
