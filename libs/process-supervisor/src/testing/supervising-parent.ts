/**
 * A parent for the supervisor's own tests: supervises one child that ignores SIGTERM, prints both
 * pids, then ends the way argv[2] says: `exit` (process.exit) or `signals` (waits for a signal,
 * handled by exitOnSignals).
 */
import { exitOnSignals, lineMatching, superviseProcess } from '../index';

async function main(): Promise<void> {
  const how = process.argv[2];
  const child = superviseProcess({
    name: 'stubborn',
    command: process.execPath,
    args: ['-e', "process.on('SIGTERM', () => undefined); console.log('up'); setInterval(() => undefined, 1000)"],
    stopGraceMs: 500,
  });
  await child.waitUntilReady(lineMatching(/^up$/));
  if (how === 'signals') exitOnSignals();
  process.stdout.write(`PIDS ${process.pid} ${child.pid}\n`);
  if (how === 'exit') process.exit(3);
  setInterval(() => undefined, 1000);
}

void main();
