export default {
  displayName: 'api-fuzz',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // A first run installs Schemathesis into a virtualenv; the fuzzing itself is bounded by --max-time.
  testTimeout: 420_000,
};
