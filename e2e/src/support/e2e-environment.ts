import { readDemoUsers, type DemoUser } from '@twilio-config/auth0-local';
import { EmulatorAdminClient, type EmulatorSeed } from '@twilio-config/twilio-emulator';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the global set-up tells the tests what it started. */
export const E2E_ENV = {
  apiUrl: 'E2E_API_URL',
  issuer: 'E2E_ISSUER',
  twilioApiBaseUrl: 'E2E_TWILIO_API_BASE_URL',
} as const;

export function apiUrl(): string {
  return required(E2E_ENV.apiUrl);
}

/** The emulator's admin API: what was sent, faults, accounts. */
export function twilioAdmin(): EmulatorAdminClient {
  return new EmulatorAdminClient(required(E2E_ENV.twilioApiBaseUrl));
}

export function demoUser(name: 'Ana Support' | 'Ben Support' | 'Carla Viewer'): DemoUser {
  const user = readDemoUsers().find((candidate) => candidate.name === name);
  if (!user) throw new Error(`No demo user named ${name} in tools/stand-ins/auth0-local/seed/users.json`);
  return user;
}

/** The emulator's demo accounts: index 0 is organization A's, 1 organization B's. */
export function demoTwilioAccount(index: 0 | 1): Required<Pick<NonNullable<EmulatorSeed['accounts']>[number], 'sid' | 'authToken'>> & NonNullable<EmulatorSeed['accounts']>[number] {
  const seed = JSON.parse(readFileSync(path.resolve(__dirname, '../../../tools/stand-ins/twilio-emulator/seed/demo.json'), 'utf8')) as EmulatorSeed;
  const account = seed.accounts?.[index];
  if (!account?.sid || !account.authToken) throw new Error(`The demo seed has no account ${index}`);
  return account as ReturnType<typeof demoTwilioAccount>;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through playwright test -c e2e/playwright.config.ts`);
  return value;
}
