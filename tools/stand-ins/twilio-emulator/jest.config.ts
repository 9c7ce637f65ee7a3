export default {
  displayName: 'twilio-emulator',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Each suite starts real HTTP servers; the spec files are large JSON documents to parse.
  testTimeout: 30_000,
};
