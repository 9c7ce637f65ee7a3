export default {
  displayName: 'auth0-local',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  // Only the CommonJS side runs in jest; the ESM provider (*.mts) is always a child process.
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  testTimeout: 60_000,
};
