import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  httpStatus,
  lineMatching,
  ProcessNotReadyError,
  probe,
  runningProcesses,
  startSupervised,
  stopAll,
  superviseProcess,
  tcpPort,
  type SupervisedProcess,
} from './index';

const node = process.execPath;
const script = (code: string) => ['-e', code];

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('process supervisor', () => {
  const started: SupervisedProcess[] = [];
  const supervise = (...args: Parameters<typeof superviseProcess>) => {
    const supervised = superviseProcess(...args);
    started.push(supervised);
    return supervised;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((supervised) => supervised.stop()));
  });

  it('is ready when a line matches, resolving with the match, and keeps what the child printed', async () => {
    const child = supervise({ name: 'liner', command: node, args: script("console.log('warming up'); setTimeout(() => console.error('READY port=4711'), 50); setInterval(() => {}, 1000)") });
    const match = await child.waitUntilReady(lineMatching(/^READY port=(\d+)$/));
    expect(match[1]).toBe('4711');
    expect(child.recentOutput()).toBe('warming up\nREADY port=4711');
  });

  it('sees a ready line printed before the wait began', async () => {
    const child = supervise({ name: 'early', command: node, args: script("console.log('READY'); setInterval(() => {}, 1000)") });
    await until(() => child.recentOutput() === 'READY');
    await expect(child.waitUntilReady(lineMatching(/^READY$/))).resolves.toBeTruthy();
  });

  it('is ready when a URL answers the status, or a port accepts connections', async () => {
    const child = supervise({
      name: 'http',
      command: node,
      args: script("const s = require('node:http').createServer((q, r) => r.end('ok')); setTimeout(() => s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port)), 100)"),
    });
    const [, port] = await child.waitUntilReady(lineMatching(/^port (\d+)$/));
    await expect(child.waitUntilReady(httpStatus(`http://127.0.0.1:${port}/`))).resolves.toBe(true);
    await expect(child.waitUntilReady(tcpPort(Number(port)))).resolves.toBe(true);
  });

  it('retries a probe until it yields a value', async () => {
    const child = supervise({ name: 'probed', command: node, args: script('setInterval(() => {}, 1000)') });
    let attempts = 0;
    const value = await child.waitUntilReady(probe('the third attempt', async () => (++attempts >= 3 ? 'done' : undefined), 10));
    expect(value).toBe('done');
    expect(attempts).toBe(3);
  });

  it('fails when the child exits before it is ready, quoting its exit and its last lines', async () => {
    const child = supervise({ name: 'crasher', command: node, args: script("console.error('cannot bind: address already in use'); process.exit(7)") });
    const failure = child.waitUntilReady(lineMatching(/^READY$/));
    await expect(failure).rejects.toBeInstanceOf(ProcessNotReadyError);
    await expect(failure).rejects.toThrow(/crasher exited \(code 7\) before a line matching \/\^READY\$\/\. Last output:\ncannot bind: address already in use/);
  });

  it('fails when the command cannot be started', async () => {
    const child = supervise({ name: 'missing', command: '/nonexistent/binary' });
    await expect(child.waitUntilReady(lineMatching(/x/))).rejects.toThrow(/missing could not start \(spawn \/nonexistent\/binary ENOENT\)/);
    expect((await child.exited).error).toBeDefined();
  });

  it('fails when the child is not ready in time, and leaves it running', async () => {
    const child = supervise({ name: 'silent', command: node, args: script('setInterval(() => {}, 1000)') });
    await expect(child.waitUntilReady(lineMatching(/^READY$/), { timeoutMs: 200 })).rejects.toThrow(/silent did not get ready within 200 ms/);
    expect(child.exitStatus).toBeUndefined();
  });

  it('startSupervised stops the child when it is not ready', async () => {
    const failure = startSupervised({ name: 'never', command: node, args: script('setInterval(() => {}, 1000)'), readyTimeoutMs: 200 }, lineMatching(/^READY$/));
    await expect(failure).rejects.toThrow(/never did not get ready/);
    expect(runningProcesses().map((supervised) => supervised.name)).not.toContain('never');
  });

  it('stops with SIGTERM, letting the child finish its own shutdown', async () => {
    const child = supervise({ name: 'graceful', command: node, args: script("process.on('SIGTERM', () => { console.log('bye'); process.exit(0) }); console.log('up'); setInterval(() => {}, 1000)") });
    await child.waitUntilReady(lineMatching(/^up$/));
    await expect(child.stop()).resolves.toEqual({ code: 0, signal: null });
    expect(child.recentOutput()).toBe('up\nbye');
    expect(alive(child.pid!)).toBe(false);
  });

  it('kills with SIGKILL a child that ignores SIGTERM, once the grace period is over', async () => {
    const child = supervise({ name: 'stubborn', command: node, args: script("process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)"), stopGraceMs: 300 });
    await child.waitUntilReady(lineMatching(/^up$/));
    const [first, second] = await Promise.all([child.stop(), child.stop()]);
    expect(first).toEqual({ code: null, signal: 'SIGKILL' });
    expect(second).toBe(first);
    expect(child.recentOutput()).toBe('up\nignored');
  });

  it('stopAll stops every running child', async () => {
    const children = [1, 2, 3].map((index) => supervise({ name: `worker-${index}`, command: node, args: script('setInterval(() => {}, 1000)') }));
    expect(runningProcesses()).toEqual(expect.arrayContaining(children));
    await stopAll();
    for (const child of children) expect(child.exitStatus?.signal).toBe('SIGTERM');
    expect(runningProcesses()).toEqual([]);
  });

  it('prints prefixed lines when asked, and hands every line to onLine', async () => {
    const written: string[] = [];
    const capture = (chunk: unknown) => (written.push(String(chunk)), true);
    const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
    const lines: Array<[string, string]> = [];
    try {
      const child = supervise({ name: 'api', command: node, args: script("console.log('one'); console.log(''); console.error('two')"), output: 'prefixed', onLine: (line, stream) => lines.push([line, stream]) });
      await child.exited;
      await until(() => lines.length === 3);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(written.sort()).toEqual(['[api] one\n', '[api] two\n']);
    expect(lines).toEqual(expect.arrayContaining([['one', 'stdout'], ['', 'stdout'], ['two', 'stderr']]));
  });

  it('offers an IPC channel', async () => {
    const child = supervise({ name: 'ipc', command: node, args: script("process.on('message', (m) => process.send({ echo: m }))"), ipc: true });
    const answer = new Promise((resolve) => child.child.once('message', resolve));
    child.child.send({ hello: 'world' });
    await expect(answer).resolves.toEqual({ echo: { hello: 'world' } });
  });

  describe('a supervising parent that ends', () => {
    const parentScript = path.join(__dirname, 'testing/supervising-parent.ts');
    async function startParent(how: 'exit' | 'signals') {
      const parent = spawn(node, ['--import', 'tsx', parentScript, how], { stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => parent.once('exit', (code, signal) => resolve({ code, signal })));
      const pids = await new Promise<number[]>((resolve) => {
        createInterface({ input: parent.stdout }).on('line', (line) => {
          if (line.startsWith('PIDS ')) resolve(line.slice(5).split(' ').map(Number));
        });
      });
      return { parent, exited, childPid: pids[1] };
    }

    it('leaves no child behind when it exits', async () => {
      const { exited, childPid } = await startParent('exit');
      expect(await exited).toEqual({ code: 3, signal: null });
      await until(() => !alive(childPid));
    });

    it('stops its children on SIGTERM through exitOnSignals and exits 143', async () => {
      const { parent, exited, childPid } = await startParent('signals');
      expect(alive(childPid)).toBe(true);
      parent.kill('SIGTERM');
      expect(await exited).toEqual({ code: 143, signal: null });
      expect(alive(childPid)).toBe(false);
    });
  });
});
