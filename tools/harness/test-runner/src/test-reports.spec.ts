import { countReport, failedTasks } from './test-reports';

describe(countReport.name, () => {
  it('counts a jest or vitest report, a suite that could not load as a failure', () => {
    expect(countReport({ numPassedTests: 7, numFailedTests: 1, numPendingTests: 2, numRuntimeErrorTestSuites: 1 })).toEqual({
      passed: 7,
      failed: 2,
      skipped: 2,
    });
  });

  it('counts a Playwright report, flaky tests as failures', () => {
    expect(countReport({ stats: { expected: 3, unexpected: 1, flaky: 1, skipped: 0 } })).toEqual({ passed: 3, failed: 2, skipped: 0 });
  });

  it('refuses a report it does not understand rather than counting nothing', () => {
    expect(() => countReport({ results: [] })).toThrow('Unrecognised test report format');
  });
});

describe(failedTasks.name, () => {
  it('reads the failed projects of one target from Nx output', () => {
    const output = '\n NX   Ran target lint\n\nFailed tasks:\n\n- backend:lint\n- \u001b[1madmin-console:lint\u001b[22m\n- e2e:test\n';
    expect(failedTasks(output, 'lint')).toEqual(['backend', 'admin-console']);
  });
});
