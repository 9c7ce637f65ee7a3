/** Builds (or finds in the cache) the FerretDB binary and prints its path. */
import { ensureMongoServerBinary } from './mongo-server';

ensureMongoServerBinary().then(
  (binPath) => process.stdout.write(`${binPath}\n`),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
