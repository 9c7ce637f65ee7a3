// Runs a TypeScript file in plain Node with the API's sources loadable as Nest needs them:
// SWC with decorator metadata (the transform jest.preset.js uses; tsx/esbuild emits no metadata,
// so Nest's dependency injection would fail) and the workspace's @twilio-config/* path aliases.
//
//   node [--expose-gc] tools/harness/bench/src/support/backend-sources.cjs <file.ts> [args…]
'use strict';
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '../../../../..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const aliases = new Map(Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]));

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveWithAliases(request, ...rest) {
  return resolveFilename.call(this, aliases.get(request) ?? request, ...rest);
};

const swcOptions = {
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

for (const extension of ['.ts', '.mts', '.cts']) {
  Module._extensions[extension] = function compileTypeScript(module, filename) {
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions, filename });
    module._compile(code, filename);
  };
}
process.setSourceMapsEnabled(true);

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write('usage: node backend-sources.cjs <file.ts> [args…]\n');
  process.exit(2);
}
require(path.resolve(entry));
