import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { TestSigningKey } from './signing-keys';

/**
 * An identity provider's JWKS endpoint over real HTTP. It serves the published keys at every
 * path, counts every request that reaches it (also while down), can be switched down (it drops
 * the connection) and up again, and rotates keys when others are published.
 */
export class JwksTestServer {
  requestCount = 0;
  private keys: TestSigningKey[] = [];
  private available = true;

  private constructor(private readonly server: Server) {}

  static async start(...keys: TestSigningKey[]): Promise<JwksTestServer> {
    const server = createServer();
    const jwks = new JwksTestServer(server);
    jwks.publish(...keys);
    server.on('request', (request, response) => jwks.answer(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return jwks;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** As Auth0 writes it: with the trailing slash. The JWKS is then `{issuer}.well-known/jwks.json`. */
  get issuer(): string {
    return `${this.origin}/`;
  }

  /** Replaces the published key set: publishing a new key (with or without the old) is a rotation. */
  publish(...keys: TestSigningKey[]): void {
    this.keys = keys;
  }

  goDown(): void {
    this.available = false;
  }

  comeBack(): void {
    this.available = true;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: IncomingMessage, response: ServerResponse): void {
    this.requestCount += 1;
    if (!this.available) {
      request.socket.destroy();
      return;
    }
    response.setHeader('Content-Type', 'application/json');
    response.end(JSON.stringify({ keys: this.keys.map((key) => key.publicJwk) }));
  }
}
