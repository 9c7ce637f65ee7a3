/**
 * CLI: starts FerretDB (see mongo-server.ts), prints `MONGODB_URI=...` on
 * stdout, and stops it on SIGINT/SIGTERM.
 *
 *   npx tsx tools/stand-ins/mongo-server/src/main.ts [--port 27017]
 */
import { startMongoServer } from './mongo-server';

function parsePort(argv: string[]): number | undefined {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  if (i < 0) return undefined;
  const raw = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`invalid --port: ${raw}`);
  }
  return port;
}

async function main(): Promise<void> {
  const server = await startMongoServer({ port: parsePort(process.argv.slice(2)) });
  process.stdout.write(`MONGODB_URI=${server.uri}\n`);
  if (server.external) {
    process.stderr.write('mongo-server: MONGODB_URI is set; nothing started.\n');
    return;
  }

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`mongo-server: ${signal}, stopping…\n`);
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`mongo-server: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
