// One flat config for the workspace. The module-boundary rule is what keeps the rooms apart:
// the console cannot reach server code or server-only packages, libs stay acyclic and leaf-ward.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';

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

/**
 * The backend's three Twilio layers (docs/architecture.md): the settings store at the bottom, the
 * Twilio adapter above it, the features on top. Only the adapter may import the SDK; everything
 * above the store goes through its public index; no layer imports one above it.
 */
const TWILIO_SDK_ONLY_IN_ADAPTER = {
  paths: [
    { name: 'twilio', message: 'Only the Twilio adapter (backend/src/twilio/) imports the SDK: use its factory, adapters and typed errors.' },
    { name: '@twilio-config/twilio-transport', message: 'Only the Twilio adapter (backend/src/twilio/) builds SDK clients.' },
  ],
  patterns: [{ group: ['twilio/*'], message: 'Only the Twilio adapter (backend/src/twilio/) imports the SDK.' }],
};
const STORE_INTERNALS = {
  regex: '(^|/)twilio-settings-store/.+',
  message: "Import the settings store from its public index ('…/twilio-settings-store'), not its files.",
};
const layerRule = (...patterns) => [
  'error',
  { paths: TWILIO_SDK_ONLY_IN_ADAPTER.paths, patterns: [...TWILIO_SDK_ONLY_IN_ADAPTER.patterns, ...patterns] },
];
const NOT_ABOVE = (layer, folders) => ({
  regex: `^(\\.\\./)+(${folders.join('|')})(/|$)`,
  message: `The ${layer} must not import a layer above it (docs/architecture.md).`,
});
const FEATURE_FOLDERS = ['twilio-config', 'conversations', 'messaging', 'cli'];

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
  {
    // The console's components: their inline templates are linted as templates too.
    files: ['admin-console/**/*.ts'],
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
  },
  {
    files: ['admin-console/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  {
    // Features and the rest of the API: no SDK, the store only through its index.
    files: ['backend/src/**/*.ts'],
    ignores: ['backend/src/twilio/**', 'backend/src/twilio-settings-store/**', '**/*.spec.ts'],
    rules: { 'no-restricted-imports': layerRule(STORE_INTERNALS) },
  },
  {
    // The adapter: the SDK is its own; the store only through its index; no feature.
    files: ['backend/src/twilio/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [STORE_INTERNALS, NOT_ABOVE('Twilio adapter', FEATURE_FOLDERS)] },
      ],
    },
  },
  {
    // The store: no SDK, nothing above it.
    files: ['backend/src/twilio-settings-store/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': layerRule(NOT_ABOVE('settings store', ['twilio', ...FEATURE_FOLDERS])) },
  },
);
