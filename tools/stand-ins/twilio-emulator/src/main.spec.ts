import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorSeed } from './store/seed';

describe('the CLI (src/main.ts)', () => {
  it('serves the demo seed and prints the URL and the demo credentials, then stops on SIGTERM', async () => {
    const demo = JSON.parse(readFileSync(join(__dirname, '..', 'seed', 'demo.json'), 'utf8')) as EmulatorSeed;
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const deadline = Date.now() + 20_000;
    while (!output.includes(demo.accounts[demo.accounts.length - 1].authToken as string) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const url = /TWILIO_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    const health = url ? await fetch(`${url}/__admin/health`).then((response) => response.status) : null;
    child.kill('SIGTERM');

    expect(health).toBe(200);
    for (const account of demo.accounts) {
      expect(output).toContain(`TWILIO_ACCOUNT_SID=${account.sid}`);
      expect(output).toContain(`TWILIO_AUTH_TOKEN=${account.authToken}`);
      for (const key of account.apiKeys ?? []) expect(output).toContain(`${key.type} API key: ${key.sid}  secret: ${key.secret}`);
    }
    expect(await exited).toBe(0);
  });
});
