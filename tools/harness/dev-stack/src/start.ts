import { exitOnSignals } from '@twilio-config/process-supervisor';
import { execFileSync } from 'node:child_process';
import { startStack, WORKSPACE_ROOT, type RunningStack } from './stack';

/** `npm start`: builds what changed (Nx caches the rest), starts everything, stops on Ctrl-C. */
async function main(): Promise<void> {
  const started = Date.now();
  const running: { stack?: RunningStack } = {};
  // From the first moment: a Ctrl-C during start-up stops what has started so far.
  exitOnSignals({ beforeExit: async () => running.stack?.stop(), log: () => process.stdout.write('\nStopping…\n'), exitCode: 0 });
  process.stdout.write('Building the API and the console (cached after the first run)…\n');
  execFileSync('nx', ['run-many', '-t', 'build', '-p', 'backend', 'admin-console', '--output-style=stream'], {
    cwd: WORKSPACE_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false' },
  });
  const stack = await startStack({ honourEnvironment: true });
  running.stack = stack;
  process.stdout.write(banner(stack, (Date.now() - started) / 1000));
}

function banner(stack: RunningStack, seconds: number): string {
  const lines = [
    '',
    'Twilio configuration is running:',
    `  Console         ${stack.consoleUrl}`,
    `  API             ${stack.apiUrl}   (Swagger UI: ${stack.apiUrl}/api/docs; metrics: http://127.0.0.1:${process.env.METRICS_PORT || 9464}/metrics, private)`,
    `  Sign-in         ${stack.issuer}${stack.demoUsers ? '   (local Auth0-compatible provider)' : ''}`,
    `  Twilio          ${stack.twilioApiBaseUrl ?? 'https://*.twilio.com (real Twilio)'}${stack.twilioAdmin ? '   (local emulator)' : ''}`,
    `  MongoDB         ${stack.mongoUri}`,
  ];
  if (stack.demoUsers) {
    lines.push('', 'Demo users (password after the slash):');
    for (const user of stack.demoUsers) {
      lines.push(`  ${user.name.padEnd(14)} ${user.email} / ${user.password}   org ${user.orgId}, roles: ${user.roles.join(', ') || '(none)'}`);
    }
  }
  if (stack.demoTwilioSeed) {
    lines.push('', 'Demo Twilio accounts in the emulator (fake, local only):');
    for (const account of stack.demoTwilioSeed.accounts ?? []) {
      const number = account.phoneNumbers?.[0];
      lines.push(
        `  ${account.friendlyName ?? account.sid}`,
        `    Account SID ${account.sid}   Auth Token ${account.authToken}`,
        `    From number ${typeof number === 'string' ? number : (number?.phoneNumber ?? '-')}` +
          `   Messaging Service ${account.messagingServices?.[0]?.sid ?? '-'}   Conversations Service ${account.conversationsServices?.[0]?.sid ?? '-'}`,
      );
      if (account.region && account.region !== 'us1') lines.push(`    Region ${account.region} (its credentials work on that region's host only)`);
      // Twilio recommends API keys for REST calls; the Auth Token above still signs webhooks.
      for (const key of account.apiKeys ?? []) {
        const permissions = key.type === 'restricted' ? `   permissions ${(key.permissions ?? []).join(', ')}` : '';
        lines.push(`    ${key.type ?? 'standard'} API key ${key.sid}   secret ${key.secret}${permissions}`);
      }
    }
  }
  lines.push('', `Ready in ${seconds.toFixed(1)} s. Press Ctrl-C to stop.`, '');
  return lines.join('\n');
}

main().catch((error: Error) => {
  process.stderr.write(`npm start failed: ${error.message}\n`);
  process.exit(1);
});
