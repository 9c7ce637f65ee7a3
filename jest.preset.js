// Shared jest settings: SWC transpiles TypeScript (with decorator metadata, which Nest's DI needs)
// and the ESM-only packages jwks-rsa pulls in (jose); path aliases mirror tsconfig.base.json.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

// Every tsconfig path alias, as jest's moduleNameMapper wants it.
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

const swcOptions = {
  jsc: {
    // SWC rewrites the aliases too: jest's global set-ups are loaded by Node itself, without moduleNameMapper.
    baseUrl: __dirname,
    paths: compilerOptions.paths,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|mj|j)s$': ['@swc/jest', swcOptions],
  },
  // @nestjs/{mongoose,passport,config,terminus} 12 ship ESM only; jose too (pulled by jwks-rsa).
  transformIgnorePatterns: ['/node_modules/(?!(jose|oidc-provider|@nestjs/(mongoose|passport|config|terminus))/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper,
};
