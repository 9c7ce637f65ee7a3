// CLI: `npx tsx tools/stand-ins/auth0-local/src/main.mts [--port 4100 …]` (see --help).
import { parseOptions, USAGE, type Auth0LocalOptions } from './options.mjs';
import { SeedError } from './seed.mjs';
import { sessionMaxSeconds } from './configuration.mjs';
import { startAuth0Local, type RunningAuth0Local } from './server.mjs';

/** The line the launch helper (launch.ts) waits for; JSON after the marker. */
export const READY_MARKER = 'AUTH0_LOCAL_READY ';

function banner(running: RunningAuth0Local, options: Auth0LocalOptions): string {
  const { seed, client } = running;
  const orgName = (id: string): string => seed.organizations.find((org) => org.id === id)?.displayName ?? id;
  const width = (values: string[]): number => Math.max(...values.map((value) => value.length));
  const nameWidth = width(seed.users.map((user) => user.name));
  const emailWidth = width(seed.users.map((user) => user.email));
  const passwordWidth = width(seed.users.map((user) => user.password));
  const users = seed.users.map(
    (user) =>
      `  ${user.name.padEnd(nameWidth)}  ${user.email.padEnd(emailWidth)}  password ${user.password.padEnd(passwordWidth)}  ` +
      `${user.orgId} (${orgName(user.orgId)})  roles: ${user.roles.join(', ') || 'none'}`,
  );
  const maxSeconds = sessionMaxSeconds(options);
  return [
    'Local Auth0 (oidc-provider) is running',
    `  issuer     ${running.issuer}`,
    `  domain     ${running.domain}   (auth0-spa-js "domain"; sign-in page at ${running.domain}/authorize)`,
    `  client id  ${client.clientId}   (redirect URIs: ${client.redirectUris.join(', ')})`,
    `  audience   ${running.audience}`,
    `  claims     org: ${options.orgClaim}, roles: ${options.rolesClaim}, session start: ${options.sessionStartClaim}`,
    `  action     ${options.postLoginAction} (post-login, run for every access token)`,
    `  lifetimes  access token ${options.accessTokenTtlSeconds} s, session at most ${maxSeconds % 3600 === 0 ? `${maxSeconds / 3600} h` : `${maxSeconds} s`}`,
    'Demo users:',
    ...users,
  ].join('\n');
}

async function main(): Promise<void> {
  let options: Auth0LocalOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`auth0-local: ${(error as Error).message}`);
    console.error('Run with --help for the options.');
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }

  let running: RunningAuth0Local;
  try {
    running = await startAuth0Local(options);
  } catch (error) {
    const known = error instanceof SeedError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    console.error(`auth0-local: cannot start: ${known ? (error as Error).message : (error as Error).stack}`);
    process.exit(1);
  }

  console.log(banner(running, options));
  const { issuer, domain, client, audience } = running;
  console.log(`${READY_MARKER}${JSON.stringify({ issuer, domain, clientId: client.clientId, audience })}`);

  const stop = (signal: NodeJS.Signals): void => {
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`auth0-local: error while stopping on ${signal}: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
