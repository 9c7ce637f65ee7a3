import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AxiosAdapter, InternalAxiosRequestConfig } from 'axios';
import { ApiBaseUrlRequestClient } from './api-base-url-request-client';
import { createTwilioRestClient, DEFAULT_TWILIO_TIMEOUT_MS } from './create-twilio-rest-client';

const ACCOUNT_SID = 'AC' + '0'.repeat(31) + '1';
const AUTH_TOKEN = 'f'.repeat(32);

interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

/** A stand-in for `TWILIO_API_BASE_URL`: records each request and answers what `answer` says. */
async function startRecordingServer(answer: (req: RecordedRequest, res: ServerResponse) => void) {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const recorded = { method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body };
      requests.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const accountJson = {
  sid: ACCOUNT_SID,
  friendly_name: 'Recorded',
  status: 'active',
  type: 'Full',
  owner_account_sid: ACCOUNT_SID,
  auth_token: AUTH_TOKEN,
  date_created: 'Thu, 30 Jul 2015 20:00:00 +0000',
  date_updated: 'Thu, 30 Jul 2015 20:00:00 +0000',
  subresource_uris: {},
  uri: `/2010-04-01/Accounts/${ACCOUNT_SID}.json`,
};

function answerJson(status: number, body: unknown) {
  return (_req: RecordedRequest, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
}

describe(createTwilioRestClient.name, () => {
  describe('with an apiBaseUrl', () => {
    let server: Awaited<ReturnType<typeof startRecordingServer>>;
    afterEach(() => server.stop());

    it('sends the account fetch to {apiBaseUrl}/api/2010-04-01/Accounts/{Sid}.json with Basic auth', async () => {
      server = await startRecordingServer(answerJson(200, accountJson));
      const sut = createTwilioRestClient({
        username: ACCOUNT_SID,
        password: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        apiBaseUrl: server.url,
      });

      const account = await sut.api.v2010.accounts(ACCOUNT_SID).fetch();

      expect(account.friendlyName).toBe('Recorded');
      expect(server.requests).toEqual([
        expect.objectContaining({
          method: 'GET',
          url: `/api/2010-04-01/Accounts/${ACCOUNT_SID}.json`,
          authorization: 'Basic ' + Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'),
        }),
      ]);
    });

    it('reaches {apiBaseUrl}/{subdomain}.{edge}.{region} when an edge and region are configured', async () => {
      server = await startRecordingServer(answerJson(200, accountJson));
      const sut = createTwilioRestClient({
        username: ACCOUNT_SID,
        password: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        apiBaseUrl: `${server.url}/`,
        edge: 'sydney',
        region: 'au1',
      });

      await sut.api.v2010.accounts(ACCOUNT_SID).fetch();

      expect(server.requests[0].url).toBe(`/api.sydney.au1/2010-04-01/Accounts/${ACCOUNT_SID}.json`);
    });

    it('authenticates with an API key while addressing the account', async () => {
      server = await startRecordingServer(answerJson(200, accountJson));
      const apiKeySid = 'SK' + 'a'.repeat(32);
      const sut = createTwilioRestClient({
        username: apiKeySid,
        password: 'key-secret',
        accountSid: ACCOUNT_SID,
        apiBaseUrl: server.url,
      });

      await sut.api.v2010.accounts(ACCOUNT_SID).fetch();

      expect(server.requests[0].url).toBe(`/api/2010-04-01/Accounts/${ACCOUNT_SID}.json`);
      expect(server.requests[0].authorization).toBe(
        'Basic ' + Buffer.from(`${apiKeySid}:key-secret`).toString('base64'),
      );
    });

    it('sends list filters as a query string and repeated form fields as repeated keys', async () => {
      server = await startRecordingServer((req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            account_sid: ACCOUNT_SID,
            chat_service_sid: 'IS' + 'b'.repeat(32),
            pre_webhook_url: null,
            post_webhook_url: 'https://example.com/hook',
            filters: ['onMessageAdded', 'onConversationAdded'],
            method: 'POST',
            url: 'https://conversations.twilio.com/v1/Services/IS/Configuration/Webhooks',
          }),
        );
      });
      const sut = createTwilioRestClient({
        username: ACCOUNT_SID,
        password: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        apiBaseUrl: server.url,
      });

      await sut.conversations.v1
        .services('IS' + 'b'.repeat(32))
        .configuration.webhooks()
        .update({ postWebhookUrl: 'https://example.com/hook', filters: ['onMessageAdded', 'onConversationAdded'] });

      expect(server.requests[0].url).toBe(`/conversations/v1/Services/IS${'b'.repeat(32)}/Configuration/Webhooks`);
      expect(server.requests[0].body).toBe(
        'PostWebhookUrl=https%3A%2F%2Fexample.com%2Fhook&Filters=onMessageAdded&Filters=onConversationAdded',
      );
    });

    it('gives up after timeoutMs when the server does not answer', async () => {
      server = await startRecordingServer(() => {
        // never answers
      });
      const sut = createTwilioRestClient({
        username: ACCOUNT_SID,
        password: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        apiBaseUrl: server.url,
        timeoutMs: 150,
      });

      const startedAt = Date.now();
      await expect(sut.api.v2010.accounts(ACCOUNT_SID).fetch()).rejects.toMatchObject({ code: 'ECONNABORTED' });
      expect(Date.now() - startedAt).toBeLessThan(2_000);
    });

    it("surfaces Twilio's error body (code 20003) as the SDK's RestException", async () => {
      server = await startRecordingServer(
        answerJson(401, {
          code: 20003,
          message: 'Authentication Error - invalid username',
          more_info: 'https://www.twilio.com/docs/errors/20003',
          status: 401,
        }),
      );
      const sut = createTwilioRestClient({
        username: ACCOUNT_SID,
        password: 'wrong',
        accountSid: ACCOUNT_SID,
        apiBaseUrl: server.url,
      });

      await expect(sut.api.v2010.accounts(ACCOUNT_SID).fetch()).rejects.toMatchObject({ status: 401, code: 20003 });
    });
  });

  describe('without an apiBaseUrl', () => {
    /** Captures what axios would send, without any network: the real Twilio is not reachable here. */
    function captureRequests(client: ApiBaseUrlRequestClient): InternalAxiosRequestConfig[] {
      const sent: InternalAxiosRequestConfig[] = [];
      const adapter: AxiosAdapter = async (config) => {
        sent.push(config);
        return { status: 200, statusText: 'OK', data: accountJson, headers: {}, config };
      };
      client.axios.defaults.adapter = adapter;
      return sent;
    }

    it('calls https://api.twilio.com like the plain SDK, with the default 10 s timeout', async () => {
      const sut = createTwilioRestClient({ username: ACCOUNT_SID, password: AUTH_TOKEN, accountSid: ACCOUNT_SID });
      const httpClient = sut.httpClient as ApiBaseUrlRequestClient;
      const sent = captureRequests(httpClient);

      await sut.api.v2010.accounts(ACCOUNT_SID).fetch();

      expect(httpClient).toBeInstanceOf(ApiBaseUrlRequestClient);
      expect(httpClient.apiBaseUrl).toBeUndefined();
      expect(sent[0].url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}.json`);
      expect(sent[0].timeout).toBe(DEFAULT_TWILIO_TIMEOUT_MS);
    });

    it("keeps the SDK's edge/region host", async () => {
      const sut = createTwilioRestClient({
        username: ACCOUNT_SID,
        password: AUTH_TOKEN,
        accountSid: ACCOUNT_SID,
        edge: 'dublin',
        region: 'ie1',
        timeoutMs: 2_500,
      });
      const sent = captureRequests(sut.httpClient as ApiBaseUrlRequestClient);

      await sut.api.v2010.accounts(ACCOUNT_SID).fetch();

      expect(sent[0].url).toBe(`https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}.json`);
      expect(sent[0].timeout).toBe(2_500);
    });
  });
});
