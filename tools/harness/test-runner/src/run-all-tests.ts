/**
 * `npm test`: every check and every suite of the workspace through Nx, then one closing line
 * `N passed, N failed` summing them all. Exits non-zero on any failure.
 *
 * Lint and type checks count one each per project. Test suites write their runner's JSON report
 * to reports/<project>.json (jest, vitest and Playwright formats); a suite that fails without a
 * report (it crashed before running) counts as one failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { countReport, discoverProjects, failedTasks, type TestCount } from './test-reports';

const root = path.resolve(__dirname, '../../../..');
const reportsDir = path.join(root, 'reports');
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NG_CLI_ANALYTICS: 'false' };

function runNx(args: string[]): { status: number; output: string } {
  const result = spawnSync('nx', args, { cwd: root, env: nxEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  return { status: result.status ?? 1, output };
}

function main(): void {
  const started = Date.now();
  rmSync(reportsDir, { recursive: true, force: true });
  mkdirSync(reportsDir, { recursive: true });
  const projects = discoverProjects(root);
  const lines: string[] = [];
  let passed = 0;
  let failed = 0;

  for (const target of ['lint', 'typecheck']) {
    const withTarget = projects.filter((project) => project.targets.includes(target)).map((project) => project.name);
    const run = runNx(['run-many', '-t', target, '-p', withTarget.join(','), '--parallel=2', '--nxBail=false', '--output-style=stream', '--skipNxCache']);
    const failing = failedTasks(run.output, target);
    if (run.status !== 0 && failing.length === 0) failing.push(`${target} (nx exited ${run.status})`);
    passed += withTarget.length - Math.min(failing.length, withTarget.length);
    failed += failing.length;
    lines.push(`${target.padEnd(10)} ${withTarget.length - failing.length}/${withTarget.length} projects clean${failing.length ? `; failing: ${failing.join(', ')}` : ''}`);
  }

  const testProjects = projects.filter((project) => project.targets.includes('test')).map((project) => project.name);
  const testRun = runNx(['run-many', '-t', 'test', '-p', testProjects.join(','), '--parallel=1', '--nxBail=false', '--output-style=stream']);
  const failingSuites = failedTasks(testRun.output, 'test');
  for (const name of testProjects) {
    const reportFile = path.join(reportsDir, `${name}.json`);
    let count: TestCount = { passed: 0, failed: 0, skipped: 0 };
    if (existsSync(reportFile)) count = countReport(JSON.parse(readFileSync(reportFile, 'utf8')));
    const crashed = failingSuites.includes(name) && count.failed === 0;
    if (crashed) count = { ...count, failed: count.failed + 1 };
    if (!existsSync(reportFile) && !crashed) count = { ...count, failed: count.failed + 1 };
    passed += count.passed;
    failed += count.failed;
    const notes = [crashed ? 'suite failed outside its tests' : '', existsSync(reportFile) ? '' : 'no report written', count.skipped ? `${count.skipped} skipped` : '']
      .filter(Boolean)
      .join('; ');
    lines.push(`test       ${name.padEnd(18)} ${count.passed} passed, ${count.failed} failed${notes ? ` (${notes})` : ''}`);
  }

  process.stdout.write(`\nSummary (${((Date.now() - started) / 1000).toFixed(0)} s)\n${lines.map((line) => `  ${line}`).join('\n')}\n\n`);
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
