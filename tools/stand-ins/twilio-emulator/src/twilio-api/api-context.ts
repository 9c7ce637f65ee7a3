import type { ConversationsEvents } from '../webhooks/conversations-events';
import type { MessageLifecycle } from '../messaging/message-lifecycle';
import type { EmulatorStore } from '../store/emulator-store';
import type { AccountRecord } from '../store/records';
import type { DeclaredParams } from './declared-params';
import type { OperationDescriptor } from './operations';

/** One authenticated call to a served operation, as a handler sees it. */
export interface ApiRequest {
  operation: OperationDescriptor;
  account: AccountRecord;
  /** The path as requested, without the subdomain (Twilio names it in 404 messages). */
  path: string;
  pathParams: Record<string, string>;
  query: DeclaredParams;
  form: DeclaredParams;
  headers: DeclaredParams;
}

export interface ApiResult {
  status: number;
  body?: unknown;
}

/** What handlers may use besides the request. */
export interface EmulatorServices {
  store: EmulatorStore;
  now(): Date;
  messageLifecycle: MessageLifecycle;
  conversationsEvents: ConversationsEvents;
}

export type OperationHandler = (request: ApiRequest, services: EmulatorServices) => ApiResult;
