import { defineConfig } from '@playwright/test';

export const E2E_PORTS = { api: 3310, console: 4210, identityProvider: 4110, twilioEmulator: 4310 } as const;

/** Browser tests of the whole product in Debian's Chromium (never a downloaded browser). */
export default defineConfig({
  testDir: './src',
  outputDir: './output/test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  globalSetup: require.resolve('./src/support/global-setup'),
  reporter: [['list'], ['json', { outputFile: '../reports/e2e.json' }]],
  use: {
    baseURL: `http://localhost:${E2E_PORTS.console}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
