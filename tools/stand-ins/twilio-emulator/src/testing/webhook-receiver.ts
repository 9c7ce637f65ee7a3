import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A webhook as the product's server would receive it. */
export interface ReceivedWebhook {
  method: string;
  /** The full URL the emulator called (scheme, host, port, path, query). */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Form body parameters; a repeated name gives an array, as Express's parser does. */
  params: Record<string, string | string[]>;
}

/** A local endpoint for StatusCallback and Conversations webhooks, answering as `answer` says (default 204). */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: (webhook: ReceivedWebhook, response: ServerResponse) => void = (_webhook, response) => {
    response.writeHead(204).end();
  };
  private readonly server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const params: Record<string, string | string[]> = {};
      for (const [name, value] of new URLSearchParams(body)) {
        const existing = params[name];
        params[name] = existing === undefined ? value : [...[existing].flat(), value];
      }
      const webhook: ReceivedWebhook = {
        method: request.method ?? '',
        url: `${this.url}${request.url ?? ''}`,
        path: (request.url ?? '').split('?')[0],
        headers: request.headers,
        params,
      };
      this.received.push(webhook);
      this.answer(webhook, response);
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  clear(): void {
    this.received.length = 0;
    this.answer = (_webhook, response) => {
      response.writeHead(204).end();
    };
  }

  async waitFor(count: number, matches: (webhook: ReceivedWebhook) => boolean = () => true, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.filter(matches);
      if (found.length >= count) return found;
      if (Date.now() > deadline) throw new Error(`expected ${count} webhook(s), received ${found.length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
