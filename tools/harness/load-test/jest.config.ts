export default {
  displayName: 'load-test',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Start-up (FerretDB, identity provider, emulator, the built API, 50 organizations) and a 15 s load.
  testTimeout: 60_000,
};
