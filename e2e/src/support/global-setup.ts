import { startStack } from '@twilio-config/dev-stack';
import { E2E_PORTS } from '../../playwright.config';

/** Starts the whole local product once for the browser tests; the returned function stops it. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack({ apiPort: E2E_PORTS.api, consolePort: E2E_PORTS.console, quiet: true });
  return () => stack.stop();
}
