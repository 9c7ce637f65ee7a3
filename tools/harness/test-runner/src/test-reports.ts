import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface TestCount {
  passed: number;
  failed: number;
  skipped: number;
}

export interface WorkspaceProject {
  name: string;
  targets: string[];
}

const PROJECT_FOLDERS = ['backend', 'admin-console', 'e2e', 'libs/*', 'tools/stand-ins/*', 'tools/harness/*', 'deploy/*'];

/** The workspace's projects, read from their project.json files (the folders are fixed). */
export function discoverProjects(root: string): WorkspaceProject[] {
  const folders = PROJECT_FOLDERS.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(path.join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  });
  return folders
    .map((folder) => path.join(root, folder, 'project.json'))
    .filter((file) => existsSync(file))
    .map((file) => {
      const project = JSON.parse(readFileSync(file, 'utf8')) as { name: string; targets?: Record<string, unknown> };
      return { name: project.name, targets: Object.keys(project.targets ?? {}) };
    });
}

/** Counts a jest or vitest (`numPassedTests` …) or Playwright (`stats.expected` …) JSON report. */
export function countReport(report: unknown): TestCount {
  const jestLike = report as { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number; numRuntimeErrorTestSuites?: number };
  if (typeof jestLike.numPassedTests === 'number') {
    return {
      passed: jestLike.numPassedTests,
      // A test file that cannot even load has no failed tests but is a failure all the same.
      failed: (jestLike.numFailedTests ?? 0) + (jestLike.numRuntimeErrorTestSuites ?? 0),
      skipped: (jestLike.numPendingTests ?? 0) + (jestLike.numTodoTests ?? 0),
    };
  }
  const playwright = report as { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number }; errors?: unknown[] };
  if (playwright.stats) {
    return {
      passed: playwright.stats.expected ?? 0,
      failed: (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0) + (playwright.errors?.length ?? 0),
      skipped: playwright.stats.skipped ?? 0,
    };
  }
  throw new Error('Unrecognised test report format');
}

/** The projects whose `target` task Nx lists under "Failed tasks". */
export function failedTasks(nxOutput: string, target: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = nxOutput.replace(/\u001b\[[0-9;]*m/g, '');
  const pattern = new RegExp(`^\\s*-\\s+([\\w@/.-]+):${target}(?::\\S+)?\\s*$`, 'gm');
  return [...new Set([...plain.matchAll(pattern)].map((match) => match[1]))];
}
