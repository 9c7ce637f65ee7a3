export default {
  displayName: 'mongo-server',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The first run builds FerretDB (about a minute cold); each test starts a real server.
  testTimeout: 120_000,
};
