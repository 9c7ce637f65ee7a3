import { startStack } from '@twilio-config/dev-stack';
import { E2E_PORTS } from '../../playwright.config';
import { E2E_ENV } from './e2e-environment';

/**
 * Starts the whole local product once for the browser tests (FerretDB, the local identity
 * provider, the Twilio emulator, the API, the console); the returned function stops it.
 * Access tokens live 90 s, so a test can watch one expire and be refreshed silently.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack({
    apiPort: E2E_PORTS.api,
    consolePort: E2E_PORTS.console,
    identityProviderPort: E2E_PORTS.identityProvider,
    twilioEmulatorPort: E2E_PORTS.twilioEmulator,
    accessTokenTtlSeconds: 90,
    // Several specs send test SMS for organization A within the same minute; the per-organization
    // limit itself is tested in backend/test/twilio-config/rate-limits.integration.spec.ts.
    // Webhook drift made in the emulator's Console is seen within a second (the default is 300 s).
    apiEnv: { RATE_LIMIT_TEST_SMS_PER_MIN: '30', WEBHOOK_RECONCILE_INTERVAL_SECONDS: '1' },
    quiet: true,
  });
  // Test workers start after this and inherit the environment.
  process.env[E2E_ENV.apiUrl] = stack.apiUrl;
  process.env[E2E_ENV.issuer] = stack.issuer;
  process.env[E2E_ENV.twilioApiBaseUrl] = stack.twilioApiBaseUrl ?? '';
  return () => stack.stop();
}
