import { superviseProcess } from '@twilio-config/process-supervisor';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Pinned: a new Schemathesis can bring new checks, and a run should fail only because the API changed. */
export const SCHEMATHESIS_VERSION = '4.32.5';

/**
 * The Python to build the venv with. CPython before 3.11.8 / 3.12.1 can fail Schemathesis's code
 * generation at random with "SystemError: AST constructor recursion depth mismatch" (CPython issue
 * gh-106905, fixed in those releases), so an interpreter with the fix is preferred when the machine
 * has one (e.g. pyenv's); otherwise `python3`.
 */
let chosenPython: string | undefined;
function python(): string {
  if (process.env.API_FUZZ_PYTHON) return process.env.API_FUZZ_PYTHON;
  if (chosenPython) return chosenPython;
  const pyenvRoot = process.env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv');
  const pyenvPythons = existsSync(path.join(pyenvRoot, 'versions'))
    ? readdirSync(path.join(pyenvRoot, 'versions')).map((version) => path.join(pyenvRoot, 'versions', version, 'bin', 'python3'))
    : [];
  const candidates = ['python3.13', 'python3.12', ...pyenvPythons, 'python3'];
  chosenPython = candidates.find((candidate) => hasAstDepthFix(versionOf(candidate))) ?? 'python3';
  return chosenPython;
}

function versionOf(interpreter: string): [number, number, number] | null {
  const result = spawnSync(interpreter, ['-c', 'import sys, venv, ensurepip; print(*sys.version_info[:3])'], { encoding: 'utf8' });
  if (result.status !== 0) return null;
  const [major, minor, micro] = result.stdout.trim().split(' ').map(Number);
  return [major, minor, micro];
}

function hasAstDepthFix(version: [number, number, number] | null): boolean {
  if (!version) return false;
  const [major, minor, micro] = version;
  if (major !== 3) return false;
  return minor >= 13 || (minor === 12 && micro >= 1) || (minor === 11 && micro >= 8);
}
const cacheRoot = () => path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'twilio-config');

/**
 * A virtualenv with Schemathesis, outside git: `${XDG_CACHE_HOME:-~/.cache}/twilio-config/
 * schemathesis-<version>-py<x.y>`. Created on first use from PyPI (pip), in a scratch folder that is
 * renamed into place once complete, so an interrupted install is never mistaken for a finished one.
 * Returns the venv's Python; Schemathesis runs as `python -m schemathesis.cli`.
 */
export function ensureSchemathesis(log: (line: string) => void = () => undefined): string {
  const pythonVersion = run(python(), ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")']).trim();
  const venv = path.join(cacheRoot(), `schemathesis-${SCHEMATHESIS_VERSION}-py${pythonVersion}`);
  const venvPython = path.join(venv, 'bin', 'python');
  if (existsSync(venvPython) && installedVersion(venvPython) === SCHEMATHESIS_VERSION) return venvPython;

  log(`installing schemathesis==${SCHEMATHESIS_VERSION} into ${venv} (first run only)…`);
  mkdirSync(path.dirname(venv), { recursive: true });
  const scratch = `${venv}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    run(python(), ['-m', 'venv', scratch]);
    run(path.join(scratch, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`], 300_000);
    rmSync(venv, { recursive: true, force: true });
    renameSync(scratch, venv);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const version = installedVersion(venvPython);
  if (version !== SCHEMATHESIS_VERSION) throw new Error(`schemathesis ${SCHEMATHESIS_VERSION} was installed, but ${venvPython} reports ${version}`);
  return venvPython;
}

function installedVersion(venvPython: string): string | null {
  const result = spawnSync(venvPython, ['-c', 'from importlib.metadata import version; print(version("schemathesis"))'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}

function run(command: string, args: string[], timeout = 60_000): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? result.signal ?? `exit ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return result.stdout;
}

export interface SchemathesisRun {
  exitCode: number | null;
  output: string;
}

/**
 * `st [--config-file …] run` with the given arguments; resolves with its exit code and everything it printed. It runs
 * in a folder outside git, where Schemathesis keeps its cache (failures found before are tried first).
 */
export async function runSchemathesis(
  venvPython: string,
  args: string[],
  options: { timeoutMs: number; configFile?: string; onOutput?: (chunk: string) => void },
): Promise<SchemathesisRun> {
  const workingDirectory = path.join(cacheRoot(), 'api-fuzz');
  mkdirSync(workingDirectory, { recursive: true });
  // A plain report: no colours or live progress lines, even under Nx (which forces colour).
  const { FORCE_COLOR: _forceColor, ...environment } = process.env;
  const lines: string[] = [];
  const schemathesis = superviseProcess({
    name: 'schemathesis',
    command: venvPython,
    args: ['-m', 'schemathesis.cli', ...(options.configFile ? ['--config-file', options.configFile] : []), 'run', ...args],
    cwd: workingDirectory,
    env: { ...environment, NO_COLOR: '1', TERM: 'dumb', SCHEMATHESIS_TELEMETRY: 'false', COLUMNS: '120' },
    onLine: (line) => {
      lines.push(line);
      options.onOutput?.(`${line}\n`);
    },
  });
  const timer = setTimeout(() => void schemathesis.stop(), options.timeoutMs);
  const status = await schemathesis.exited;
  clearTimeout(timer);
  return { exitCode: status.code, output: lines.map((line) => `${line}\n`).join('') };
}
