/**
 * CLI: runs the local Twilio emulator and prints its URL and the seeded accounts' (fake, demo)
 * credentials; stops on SIGINT/SIGTERM.
 *
 *   npx tsx tools/stand-ins/twilio-emulator/src/main.ts [--port 4300] [--host 127.0.0.1] [--seed tools/stand-ins/twilio-emulator/seed/demo.json]
 */
import { join } from 'node:path';
import type { EmulatorAccountSummary } from './admin/admin-types';
import { startTwilioEmulator } from './start-twilio-emulator';

const DEFAULT_PORT = 4300;
const DEMO_SEED = join(__dirname, '..', 'seed', 'demo.json');

function option(argv: string[], name: string): string | undefined {
  const index = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return undefined;
  const value = argv[index].includes('=') ? argv[index].slice(argv[index].indexOf('=') + 1) : argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
  return value;
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${raw}`);
  return port;
}

function describeAccount(account: EmulatorAccountSummary): string {
  const lines = [
    `  ${account.friendlyName} (${account.type}, region ${account.region})`,
    `    TWILIO_ACCOUNT_SID=${account.accountSid}`,
    `    TWILIO_AUTH_TOKEN=${account.authToken}`,
  ];
  if (account.secondaryAuthToken) lines.push(`    secondary auth token: ${account.secondaryAuthToken}`);
  for (const key of account.apiKeys) {
    lines.push(`    ${key.type} API key: ${key.sid}  secret: ${key.secret}`);
    if (key.permissions.length > 0) lines.push(`      permissions: ${key.permissions.join(', ')}`);
  }
  for (const number of account.phoneNumbers) lines.push(`    phone number: ${number.phoneNumber} (${number.sid})`);
  for (const service of account.messagingServices) {
    lines.push(`    Messaging Service: ${service.sid} (${service.friendlyName}; senders ${service.phoneNumbers.join(', ')})`);
  }
  for (const service of account.conversationsServices) {
    lines.push(`    Conversations Service: ${service.sid} (${service.friendlyName})`);
  }
  const recipients: [string, string[]][] = [
    ['verified caller ids (the only recipients a trial account may text)', account.verifiedCallerIds],
    ['unsubscribed recipients (21610)', account.unsubscribedRecipients],
    ['undeliverable recipients (end undelivered, 30003)', account.undeliverableRecipients],
    ['failing recipients (end failed, 30008)', account.failingRecipients],
  ];
  for (const [what, numbers] of recipients) if (numbers.length > 0) lines.push(`    ${what}: ${numbers.join(', ')}`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const emulator = await startTwilioEmulator({
    port: parsePort(option(argv, 'port')),
    host: option(argv, 'host'),
    seedFile: option(argv, 'seed') ?? DEMO_SEED,
  });
  const accounts = await emulator.admin.accounts();
  process.stdout.write(
    [
      `Twilio emulator listening: TWILIO_API_BASE_URL=${emulator.url}`,
      `Admin API: ${emulator.url}/__admin (accounts, messages, webhook-deliveries, requests, faults, reset)`,
      'Seeded accounts (fake demo credentials, valid only against this emulator):',
      ...accounts.map(describeAccount),
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`twilio-emulator: ${signal}, stopping…\n`);
    emulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`twilio-emulator: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`twilio-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
