import { FUZZ_BUDGET, runApiFuzz } from './api-fuzz';

describe('the API against its published OpenAPI document (Schemathesis)', () => {
  it(`answers every generated request as the document says, by every Schemathesis check (${FUZZ_BUDGET.maxExamples} examples per operation, at most ${FUZZ_BUDGET.maxSeconds} s)`, async () => {
    const run = await runApiFuzz({ log: (line) => process.stdout.write(`api-fuzz: ${line}\n`) });

    // Schemathesis's report up to its failures, which the assertion shows (each with a curl reproduction).
    process.stdout.write(`${beforeFailures(run.output)}\n`);
    expect({ exitCode: run.exitCode, failures: run.exitCode === 0 ? '' : failureSection(run.output) }).toEqual({ exitCode: 0, failures: '' });
  });
});

const FAILURES_HEADING = /=+ *FAILURES *=+/;

function beforeFailures(output: string): string {
  const start = output.search(FAILURES_HEADING);
  return start >= 0 ? output.slice(0, start) : output;
}

/** The failures part of Schemathesis's report (to the end: warnings, summary, seed), for the assertion message. */
function failureSection(output: string): string {
  const start = output.search(FAILURES_HEADING);
  return (start >= 0 ? output.slice(start) : output).slice(0, 20_000);
}
