import { readFileSync } from 'node:fs';
import path from 'node:path';

describe('the Node.js runtime', () => {
  it('is Node 24 LTS, brought by the repository (not the machine’s Node 20)', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  it('is what package.json declares in engines and pins as a dev dependency', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8'));
    expect(pkg.engines.node).toBe('>=24 <25');
    expect(pkg.devDependencies.node).toMatch(/^24\./);
  });
});
