// One flat config for the workspace. The module-boundary rule is what keeps the rooms apart:
// the console cannot reach server code or server-only packages, libs stay acyclic and leaf-ward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

const SERVER_ONLY_PACKAGES = [
  '@nestjs/*',
  'mongoose',
  'mongodb',
  'twilio',
  'ioredis',
  'passport*',
  'jwks-rsa',
  'oidc-provider',
  'pino*',
  'nestjs-pino',
  'prom-client',
];

/**
 * Who may import whom. Production code of the API and the console never reaches the local
 * stand-ins in tools/; their tests and benchmarks may (they run against the emulator, FerretDB, the local IdP).
 */
function moduleBoundaries({ testsMayUseTools }) {
  const backendMayUse = ['scope:shared', 'scope:server', ...(testsMayUseTools ? ['scope:tools'] : [])];
  return {
    enforceBuildableLibDependency: true,
    allow: [],
    depConstraints: [
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
      { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: SERVER_ONLY_PACKAGES },
      { sourceTag: 'scope:backend', onlyDependOnLibsWithTags: backendMayUse },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:tools'] },
      { sourceTag: 'scope:e2e', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server', 'scope:tools'] },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:util', 'type:app'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:util', 'type:app'] },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.angular/**',
      '**/.nx/**',
      'reports/**',
      'tmp/**',
      'e2e/output/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testsMayUseTools: false })],
    },
  },
  {
    // Tests and the backend's in-process benchmarks measure the API from outside production code.
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'backend/bench/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ testsMayUseTools: true })], '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
);
