// Starts the local Auth0: an HTTP server listening first (so port 0 works), then oidc-provider
// configured for the issuer that port gives.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { auth0CompatMiddleware } from './auth0-compat.mjs';
import { buildConfiguration } from './configuration.mjs';
import { interactionsMiddleware } from './interactions.mjs';
import { generateSigningKey } from './keys.mjs';
import type { Auth0LocalOptions } from './options.mjs';
import { loadSeed, type Seed, type SeedClient } from './seed.mjs';

export interface RunningAuth0Local {
  /** `{origin}/`, with the trailing slash, as Auth0 issues it. */
  issuer: string;
  /** The origin without the slash: auth0-spa-js's `domain` option. */
  domain: string;
  client: SeedClient;
  audience: string;
  seed: Seed;
  close(): Promise<void>;
}

export async function startAuth0Local(options: Auth0LocalOptions): Promise<RunningAuth0Local> {
  const seed = await loadSeed(options.seedFile);
  // The seed's first client is the console's single-page application.
  const client = consoleClient(seed.clients[0], options);

  const server = createServer();
  await listen(server, options.port, options.host);
  const { port } = server.address() as AddressInfo;
  const domain = options.publicUrl ?? `http://${hostForUrl(options.host)}:${port}`;
  const issuer = `${domain}/`;

  const signingKey = await generateSigningKey();
  const provider = new Provider(
    issuer,
    buildConfiguration({ options, issuer, client, users: seed.users, organizations: seed.organizations, signingJwk: signingKey.privateJwk }),
  );
  // Behind a TLS-terminating proxy the public URL is https while the request arrives as http.
  provider.proxy = options.publicUrl !== undefined;
  provider.use(auth0CompatMiddleware({ options, issuer, client, users: seed.users, publicKey: signingKey.publicKey }));
  provider.use(interactionsMiddleware(provider, seed, client));
  server.on('request', provider.callback());

  return {
    issuer,
    domain,
    client,
    audience: options.audience,
    seed,
    close: () => close(server),
  };
}

function consoleClient(seedClient: SeedClient, options: Auth0LocalOptions): SeedClient {
  return {
    ...seedClient,
    clientId: options.clientId ?? seedClient.clientId,
    redirectUris: options.redirectUris ?? seedClient.redirectUris,
    postLogoutRedirectUris: options.postLogoutRedirectUris ?? seedClient.postLogoutRedirectUris,
    allowedOrigins: options.allowedOrigins ?? seedClient.allowedOrigins,
  };
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
