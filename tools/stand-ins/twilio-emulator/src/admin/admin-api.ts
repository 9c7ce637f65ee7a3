import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultSpecError, type FaultInjector, type FaultSpec } from '../faults/fault-injector';
import { readBody, sendJson } from '../http/http-io';
import { DeliveryOutcomeError, outcomeKey, parseDeliveryOutcome } from '../messaging/delivery-outcomes';
import { InboundMessageError, type InboundMessages, type SimulatedInboundMessage } from '../messaging/inbound-messages';
import type { EmulatorStore } from '../store/emulator-store';
import type { DeliveryOutcomeRecord, MessageRecord } from '../store/records';
import { addSeededAccount, newApiKey, SeedError, summarizeAccount, type AccountSeed, type ApiKeySeed } from '../store/seed';
import type { EmulatorServices } from '../twilio-api/api-context';
import { addConversationMessage } from '../twilio-api/handlers/conversations';
import type { RequestJournal } from '../twilio-api/request-journal';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import {
  ADMIN_PREFIX,
  type ConsoleConversationsWebhookEdit,
  type ConsoleMessagingServiceEdit,
  type ConsolePhoneNumberEdit,
  type DeliveryOutcome,
  type OptOutEntry,
  type SentMessage,
  type SimulatedConversationMessage,
} from './admin-types';
import { editConversationsWebhook, editMessagingService, editPhoneNumber, phoneNumberByKey } from './console-edits';

export interface AdminApiDependencies {
  services: EmulatorServices;
  faults: FaultInjector;
  journal: RequestJournal;
  dispatcher: WebhookDispatcher;
  inboundMessages: InboundMessages;
  reset(): void;
}

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = {
  method: string;
  pattern: RegExp;
  handle: (match: RegExpExecArray, body: unknown, url: URL) => { status: number; body?: unknown };
};

/** `/__admin/...`: what tests and `npm start` use to set up, inspect and disturb the emulated Twilio. */
export class AdminApi {
  private readonly routes: Route[];

  constructor(private readonly deps: AdminApiDependencies) {
    const { services, faults, journal, dispatcher, inboundMessages } = deps;
    const store = services.store;
    this.routes = [
      { method: 'GET', pattern: /^\/health$/, handle: () => ({ status: 200, body: { ok: true } }) },
      {
        method: 'GET',
        pattern: /^\/accounts$/,
        handle: () => ({ status: 200, body: [...store.accounts.values()].map((a) => summarizeAccount(store, a)) }),
      },
      {
        method: 'POST',
        pattern: /^\/accounts$/,
        handle: (_match, body) => {
          const account = addSeededAccount(store, (body ?? {}) as AccountSeed, services.now());
          return { status: 201, body: summarizeAccount(store, account) };
        },
      },
      {
        method: 'POST',
        pattern: /^\/accounts\/(AC[0-9a-fA-F]{32})\/api-keys$/,
        handle: (match, body) => {
          const account = store.accounts.get(match[1]);
          if (!account) throw new AdminError(404, `no account ${match[1]}`);
          const { friendlyName, type, permissions } = (body ?? {}) as ApiKeySeed;
          const key = newApiKey(store, account, { friendlyName, type, permissions }, services.now());
          store.apiKeys.set(key.sid, key);
          return { status: 201, body: { sid: key.sid, secret: key.secret, type: key.type, permissions: [...key.permissions] } };
        },
      },
      {
        method: 'GET',
        pattern: /^\/messages$/,
        handle: (_match, _body, url) => {
          const accountSid = url.searchParams.get('accountSid');
          const messages = [...store.messages.values()].filter((m) => !accountSid || m.accountSid === accountSid);
          return { status: 200, body: messages.map(sentMessageView) };
        },
      },
      { method: 'GET', pattern: /^\/webhook-deliveries$/, handle: () => ({ status: 200, body: dispatcher.deliveries }) },
      { method: 'GET', pattern: /^\/requests$/, handle: () => ({ status: 200, body: journal.exchanges }) },
      { method: 'GET', pattern: /^\/faults$/, handle: () => ({ status: 200, body: faults.pending() }) },
      {
        method: 'POST',
        pattern: /^\/faults$/,
        handle: (_match, body) => {
          faults.add((body ?? {}) as FaultSpec);
          return { status: 201, body: faults.pending() };
        },
      },
      {
        method: 'DELETE',
        pattern: /^\/faults$/,
        handle: () => {
          faults.clear();
          return { status: 204 };
        },
      },
      {
        method: 'POST',
        pattern: /^\/reset$/,
        handle: () => {
          deps.reset();
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        pattern: /^\/conversations-services\/(IS[0-9a-fA-F]{32})\/webhook$/,
        handle: (match) => {
          const service = store.conversationsServices.get(match[1]);
          if (!service) throw new AdminError(404, `no Conversations Service ${match[1]}`);
          return { status: 200, body: { ...service.webhooks, filters: [...service.webhooks.filters] } };
        },
      },
      {
        method: 'POST',
        pattern: /^\/conversations-services\/(IS[0-9a-fA-F]{32})\/webhook$/,
        handle: (match, body) => {
          const service = store.conversationsServices.get(match[1]);
          if (!service) throw new AdminError(404, `no Conversations Service ${match[1]}`);
          editConversationsWebhook(service, objectBody<ConsoleConversationsWebhookEdit>(body), services.now());
          return { status: 200, body: { ...service.webhooks, filters: [...service.webhooks.filters] } };
        },
      },
      {
        method: 'POST',
        pattern: /^\/phone-numbers\/([^/]+)$/,
        handle: (match, body) => {
          const number = phoneNumberByKey(store, decodeURIComponent(match[1]));
          if (!number) throw new AdminError(404, `no phone number ${decodeURIComponent(match[1])}`);
          editPhoneNumber(number, objectBody<ConsolePhoneNumberEdit>(body), services.now());
          return { status: 200, body: { sid: number.sid, phoneNumber: number.phoneNumber, smsUrl: number.smsUrl, smsMethod: number.smsMethod } };
        },
      },
      {
        method: 'POST',
        pattern: /^\/messaging-services\/(MG[0-9a-fA-F]{32})$/,
        handle: (match, body) => {
          const service = store.messagingServices.get(match[1]);
          if (!service) throw new AdminError(404, `no Messaging Service ${match[1]}`);
          editMessagingService(service, objectBody<ConsoleMessagingServiceEdit>(body), services.now());
          const { sid, inboundRequestUrl, inboundMethod, useInboundWebhookOnNumber, advancedOptOut, statusCallback } = service;
          return { status: 200, body: { sid, inboundRequestUrl, inboundMethod, useInboundWebhookOnNumber, advancedOptOut, statusCallback } };
        },
      },
      {
        method: 'GET',
        pattern: /^\/delivery-outcomes$/,
        handle: () => ({ status: 200, body: [...store.deliveryOutcomes.values()].map(deliveryOutcomeView) }),
      },
      {
        method: 'POST',
        pattern: /^\/delivery-outcomes$/,
        handle: (_match, body) => {
          const outcome = parseDeliveryOutcome(body);
          if (outcome.accountSid && !store.accounts.has(outcome.accountSid)) throw new AdminError(404, `no account ${outcome.accountSid}`);
          store.deliveryOutcomes.set(outcomeKey(outcome.accountSid, outcome.to), outcome);
          return { status: 201, body: deliveryOutcomeView(outcome) };
        },
      },
      {
        method: 'DELETE',
        pattern: /^\/delivery-outcomes$/,
        handle: () => {
          store.deliveryOutcomes.clear();
          return { status: 204 };
        },
      },
      {
        method: 'POST',
        pattern: /^\/inbound-messages$/,
        handle: (_match, body) => ({ status: 201, body: inboundMessages.receive(objectBody<SimulatedInboundMessage>(body)) }),
      },
      {
        method: 'GET',
        pattern: /^\/accounts\/(AC[0-9a-fA-F]{32})\/opt-outs$/,
        handle: (match) => {
          const account = store.accounts.get(match[1]);
          if (!account) throw new AdminError(404, `no account ${match[1]}`);
          const entries: OptOutEntry[] = [
            ...[...account.unsubscribedRecipients].map((recipient) => ({ recipient, sender: '*', keyword: 'STOP', since: account.dateCreated.toISOString() })),
            ...account.optOuts.map(({ recipient, sender, keyword, since }) => ({ recipient, sender, keyword, since: since.toISOString() })),
          ];
          return { status: 200, body: entries };
        },
      },
      {
        method: 'POST',
        pattern: /^\/conversations-services\/(IS[0-9a-fA-F]{32})\/conversations\/([^/]+)\/messages$/,
        handle: (match, body) => this.simulateClientMessage(store, match[1], match[2], body),
      },
    ];
  }

  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname.slice(ADMIN_PREFIX.length);
    try {
      const raw = await readBody(request);
      const body = raw ? parseJson(raw) : undefined;
      const candidates = this.routes.filter((route) => route.pattern.test(path));
      if (candidates.length === 0) throw new AdminError(404, `no admin route ${url.pathname}`);
      const route = candidates.find((candidate) => candidate.method === request.method);
      if (!route) throw new AdminError(405, `${request.method} not allowed on ${url.pathname}`);
      const result = route.handle(route.pattern.exec(path) as RegExpExecArray, body, url);
      sendJson(response, result.status, result.body);
    } catch (error) {
      const status =
        error instanceof AdminError || error instanceof InboundMessageError
          ? error.status
          : error instanceof SeedError || error instanceof FaultSpecError || error instanceof DeliveryOutcomeError
            ? 400
            : 500;
      if (status === 500) console.error('twilio-emulator admin: unexpected error', error);
      sendJson(response, status, { error: (error as Error).message });
    }
  }

  private simulateClientMessage(store: EmulatorStore, serviceSid: string, conversationKey: string, body: unknown) {
    const input = (body ?? {}) as Partial<SimulatedConversationMessage>;
    if (typeof input.author !== 'string' || typeof input.body !== 'string') {
      throw new AdminError(400, 'author and body are required strings');
    }
    const conversation = [...store.conversations.values()].find(
      (c) => c.chatServiceSid === serviceSid && (c.sid === conversationKey || c.uniqueName === conversationKey),
    );
    if (!conversation) throw new AdminError(404, `no conversation ${conversationKey} in ${serviceSid}`);
    const message = addConversationMessage(this.deps.services, conversation, {
      author: input.author,
      body: input.body,
      attributes: input.attributes ?? '{}',
    });
    this.deps.services.conversationsEvents.messageAdded(message, { source: 'SDK', clientIdentity: input.author });
    return { status: 201, body: { sid: message.sid, index: message.index } };
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new AdminError(400, 'the body must be JSON');
  }
}

function objectBody<T>(body: unknown): Partial<T> {
  if (body === undefined) return {};
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new AdminError(400, 'the body must be a JSON object');
  return body as Partial<T>;
}

function deliveryOutcomeView({ to, accountSid, finalStatus, errorCode, callbackOrder, duplicateCallbacks }: DeliveryOutcomeRecord): DeliveryOutcome {
  return { to, accountSid, status: finalStatus, errorCode, callbackOrder, duplicateCallbacks };
}

function sentMessageView(message: MessageRecord): SentMessage {
  return {
    sid: message.sid,
    accountSid: message.accountSid,
    from: message.from,
    to: message.to,
    body: message.body,
    status: message.status,
    direction: message.direction,
    messagingServiceSid: message.messagingServiceSid,
    statusCallback: message.statusCallback,
    errorCode: message.errorCode,
    numSegments: message.numSegments,
    dateCreated: message.dateCreated.toISOString(),
    dateSent: message.dateSent?.toISOString() ?? null,
  };
}
