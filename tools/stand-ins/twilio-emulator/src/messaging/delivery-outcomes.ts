import type { EmulatorStore } from '../store/emulator-store';
import type { AccountRecord, DeliveryOutcomeRecord, DeliveryPlan } from '../store/records';

/**
 * The status a message ends in for each delivery error the admin API offers, as Twilio reports
 * them (error pages https://www.twilio.com/docs/api/errors/{code}; statuses: "Message resource",
 * https://www.twilio.com/docs/messaging/api/message-resource#message-status-values):
 * - carrier errors arrive in a delivery receipt after `sent`, so the message ends `undelivered`:
 *   30003 Unreachable destination handset, 30005 Unknown destination handset, 30006 Landline or
 *   unreachable carrier, 30007 Message filtered (carrier violation);
 * - Twilio stops the message before it reaches a carrier, so it ends `failed` without `sent`:
 *   30034 Message from an unregistered number (US A2P 10DLC); 30008 Unknown error, which the
 *   emulator has always ended `failed` (the admin call may say `undelivered` instead).
 */
export const DEFAULT_STATUS_OF_ERROR: Readonly<Record<number, 'failed' | 'undelivered'>> = {
  30003: 'undelivered',
  30005: 'undelivered',
  30006: 'undelivered',
  30007: 'undelivered',
  30008: 'failed',
  30034: 'failed',
};

// The error codes of the seed's recipient lists.
const UNREACHABLE_HANDSET = 30003;
const UNKNOWN_ERROR = 30008;

export class DeliveryOutcomeError extends Error {}

/** What the admin API takes: how messages to `to` end, and how their status callbacks are posted. */
export interface DeliveryOutcomeSpec {
  to: string;
  /** Only this account's messages; every account's when absent. */
  accountSid?: string;
  /** `delivered` unless an errorCode is given (then the code's usual status). */
  status?: 'delivered' | 'undelivered' | 'failed';
  errorCode?: number;
  callbackOrder?: 'in-order' | 'reversed';
  duplicateCallbacks?: number;
}

const E164 = /^\+[1-9]\d{1,14}$/;
const MAX_DUPLICATES = 5;

export function outcomeKey(accountSid: string | null, to: string): string {
  return `${accountSid ?? '*'}|${to}`;
}

export function parseDeliveryOutcome(input: unknown): DeliveryOutcomeRecord {
  const spec = (input ?? {}) as Partial<DeliveryOutcomeSpec>;
  if (typeof spec.to !== 'string' || !E164.test(spec.to)) throw new DeliveryOutcomeError('to must be an E.164 number');
  if (spec.accountSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(String(spec.accountSid))) {
    throw new DeliveryOutcomeError('accountSid must be an Account SID');
  }
  const errorCode = spec.errorCode ?? null;
  if (errorCode !== null && (!Number.isInteger(errorCode) || errorCode < 10000 || errorCode > 99999)) {
    throw new DeliveryOutcomeError('errorCode must be a five-digit Twilio error code');
  }
  const finalStatus = spec.status ?? (errorCode === null ? 'delivered' : (DEFAULT_STATUS_OF_ERROR[errorCode] ?? 'undelivered'));
  if (!['delivered', 'undelivered', 'failed'].includes(finalStatus)) {
    throw new DeliveryOutcomeError('status must be delivered, undelivered or failed');
  }
  if (finalStatus === 'delivered' && errorCode !== null) throw new DeliveryOutcomeError('a delivered message has no errorCode');
  if (finalStatus !== 'delivered' && errorCode === null) throw new DeliveryOutcomeError(`a ${finalStatus} message needs an errorCode`);
  const callbackOrder = spec.callbackOrder ?? 'in-order';
  if (callbackOrder !== 'in-order' && callbackOrder !== 'reversed') throw new DeliveryOutcomeError('callbackOrder must be in-order or reversed');
  const duplicateCallbacks = spec.duplicateCallbacks ?? 0;
  if (!Number.isInteger(duplicateCallbacks) || duplicateCallbacks < 0 || duplicateCallbacks > MAX_DUPLICATES) {
    throw new DeliveryOutcomeError(`duplicateCallbacks must be 0 to ${MAX_DUPLICATES}`);
  }
  return { to: spec.to, accountSid: spec.accountSid ?? null, finalStatus, errorCode, callbackOrder, duplicateCallbacks };
}

/** How a new message to `to` will end: an admin-set outcome (this account's first), else the seed's lists, else delivered. */
export function deliveryPlanFor(store: EmulatorStore, account: AccountRecord, to: string): DeliveryPlan {
  const outcome = store.deliveryOutcomes.get(outcomeKey(account.sid, to)) ?? store.deliveryOutcomes.get(outcomeKey(null, to));
  if (outcome) {
    const { finalStatus, errorCode, callbackOrder, duplicateCallbacks } = outcome;
    return { finalStatus, errorCode, callbackOrder, duplicateCallbacks };
  }
  const plain = { callbackOrder: 'in-order', duplicateCallbacks: 0 } as const;
  if (account.failingRecipients.has(to)) return { finalStatus: 'failed', errorCode: UNKNOWN_ERROR, ...plain };
  if (account.undeliverableRecipients.has(to)) return { finalStatus: 'undelivered', errorCode: UNREACHABLE_HANDSET, ...plain };
  return { finalStatus: 'delivered', errorCode: null, ...plain };
}
