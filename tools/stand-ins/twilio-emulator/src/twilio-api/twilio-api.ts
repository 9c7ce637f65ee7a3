import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults/fault-injector';
import { faultAnswer } from '../faults/fault-injector';
import { readBody, sendJson } from '../http/http-io';
import type { TimerRegistry } from '../runtime/timer-registry';
import { newSid } from '../store/sids';
import type { ApiResult, EmulatorServices } from './api-context';
import { assertKeyMayCall } from './api-key-access';
import { assertAccountInPath, authenticate } from './authenticate';
import { DeclaredParams, declaredHeaders } from './declared-params';
import { OPERATION_HANDLERS } from './handlers';
import { parseTargetHost } from './regional-hosts';
import { groupParams, type RequestJournal } from './request-journal';
import { TwilioRouter } from './router';
import { resourceNotFound, TwilioApiError, twilioErrorBody } from './twilio-error';

/**
 * Twilio's REST APIs at `/{host}{path}` (`/api/…`, `/api.dublin.ie1/…`): a host Twilio does not
 * serve gets no answer at all; then injected faults, the route (404 / 20404 for anything not
 * served), Basic auth valid in the host's region (401 / 20003), what the API key's kind allows
 * (401 / 20003 or 70051), and the operation's handler. Every call is journaled for the admin API
 * and the fidelity tests.
 */
export class TwilioApi {
  private readonly router = new TwilioRouter();

  constructor(
    private readonly services: EmulatorServices,
    private readonly faults: FaultInjector,
    private readonly journal: RequestJournal,
    private readonly timers: TimerRegistry,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = request.method ?? 'GET';
    const rawBody = await readBody(request);
    const form = new URLSearchParams(method === 'POST' ? rawBody : '');
    const [, hostSegment = '', ...rest] = url.pathname.split('/');
    const specPath = `/${rest.join('/')}`;
    const target = parseTargetHost(hostSegment);
    const exchange = { at: new Date().toISOString(), method, path: url.pathname, query: groupParams(url.searchParams), params: groupParams(form) };
    if (!target) {
      // A retired or unknown host name resolves nowhere: the client sees a network error, not an HTTP answer.
      this.journal.record({ ...exchange, host: hostSegment, edge: null, region: null, operation: null, status: 0, responseBody: null, injectedFault: false });
      request.socket.destroy();
      return;
    }
    let operationKey: string | null = null;
    let injectedFault = false;

    let result: ApiResult;
    try {
      const fault = this.faults.take(url.pathname);
      if (fault) {
        if (fault.hangMs > 0) await this.timers.sleep(fault.hangMs);
        const answer = faultAnswer(fault);
        if (answer) {
          injectedFault = true;
          throw new TwilioApiError(answer.status, answer.code, answer.message);
        }
      }
      const route = this.router.match(method, target.product, specPath);
      if (!route) throw resourceNotFound(specPath);
      const { operation, pathParams } = route;
      operationKey = operation.key;

      const { account, apiKey } = authenticate(request.headers.authorization, this.services.store, target.region);
      if (operation.accountPathParam) assertAccountInPath(account, pathParams[operation.accountPathParam]);
      if (apiKey) assertKeyMayCall(apiKey, operation.key);
      const describe = `operation ${operation.key}`;
      result = OPERATION_HANDLERS[operation.key](
        {
          operation,
          account,
          path: specPath,
          pathParams,
          query: DeclaredParams.fromSearchParams(url.searchParams, operation.queryParams, describe),
          form: DeclaredParams.fromSearchParams(form, operation.formParams, describe),
          headers: declaredHeaders(request.headers, operation.headerParams, describe),
        },
        this.services,
      );
    } catch (error) {
      result = errorResult(error);
    }

    this.journal.record({
      ...exchange,
      host: target.host,
      edge: target.edge,
      region: target.region,
      operation: operationKey,
      status: result.status,
      responseBody: result.body ?? null,
      injectedFault,
    });
    const headers: Record<string, string> = { 'Twilio-Request-Id': newSid('RQ') };
    if (result.status === 401) headers['WWW-Authenticate'] = 'Basic realm="Twilio API"';
    sendJson(response, result.status, result.body, headers);
  }
}

function errorResult(error: unknown): ApiResult {
  if (error instanceof TwilioApiError) return { status: error.status, body: error.toBody() };
  // A bug of the emulator: say so loudly, answer as Twilio answers its own failures.
  console.error('twilio-emulator: unexpected error', error);
  return { status: 500, body: twilioErrorBody(500, 20500, 'Internal Server Error') };
}
