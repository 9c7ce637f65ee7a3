export default {
  displayName: 'backend',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  // One MongoDB-wire server (FerretDB) for the whole run; each test file uses its own database.
  globalSetup: '<rootDir>/../tools/stand-ins/mongo-server/src/jest-global-setup.setup.ts',
  globalTeardown: '<rootDir>/../tools/stand-ins/mongo-server/src/jest-global-setup.teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
