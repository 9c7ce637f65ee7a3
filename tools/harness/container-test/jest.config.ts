export default {
  displayName: 'container-test',
  preset: '../../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // A first run makes the Debian base (debootstrap, about a minute) and builds both images from
  // nothing (npm ci and both builds inside the image, several minutes); later runs reuse them.
  testTimeout: 1_200_000,
};
