/**
 * `npx tsx tools/harness/api-fuzz/src/main.ts` (or `npx nx run api-fuzz:fuzz`): Schemathesis against the
 * built API, printing its report; exits with Schemathesis's code. API_FUZZ_SEED replays a run.
 */
import { runApiFuzz } from './api-fuzz';

const seed = process.env.API_FUZZ_SEED ? Number(process.env.API_FUZZ_SEED) : undefined;

runApiFuzz({ seed, log: (line) => process.stdout.write(`api-fuzz: ${line}\n`), onOutput: (chunk) => process.stdout.write(chunk) }).then(
  (run) => process.exit(run.exitCode ?? 1),
  (error: unknown) => {
    process.stderr.write(`api-fuzz failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
