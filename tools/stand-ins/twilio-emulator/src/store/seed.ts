import { readFile } from 'node:fs/promises';
import type { EmulatorStore } from './emulator-store';
import type {
  AccountRecord,
  AccountType,
  ApiKeyRecord,
  ConversationsServiceRecord,
  IncomingPhoneNumberRecord,
  MessagingServiceRecord,
  WebhookMethod,
} from './records';
import { API_KEY_TYPES, isPermissionName, MAX_RESTRICTED_KEY_PERMISSIONS, type ApiKeyType } from '../twilio-api/api-key-access';
import { isProcessingRegion, PROCESSING_REGIONS, type ProcessingRegion } from '../twilio-api/regional-hosts';
import { isSid, newSecret, newSid, type SidPrefix } from './sids';

/** A seed file: the accounts (and what they own) the emulator starts with and returns to on reset(). */
export interface EmulatorSeed {
  /** Free text for readers of the file. */
  $comment?: string;
  accounts: AccountSeed[];
}

export interface AccountSeed {
  /** Fixed SID; generated when absent. */
  sid?: string;
  /** 32 hex digits; generated when absent. */
  authToken?: string;
  secondaryAuthToken?: string;
  friendlyName?: string;
  type?: AccountType;
  /** The account's home region (us1 when absent): its Auth Token and keys work on that region's hosts only. */
  region?: ProcessingRegion;
  apiKeys?: ApiKeySeed[];
  /** E.164 numbers (or full entries) the account owns. */
  phoneNumbers?: (string | PhoneNumberSeed)[];
  messagingServices?: MessagingServiceSeed[];
  conversationsServices?: ConversationsServiceSeed[];
  verifiedCallerIds?: string[];
  unsubscribedRecipients?: string[];
  undeliverableRecipients?: string[];
  failingRecipients?: string[];
}

export interface ApiKeySeed {
  sid?: string;
  secret?: string;
  friendlyName?: string;
  /** standard when absent, as Twilio's REST API creates keys. */
  type?: ApiKeyType;
  /** A Restricted key's permissions, e.g. `/twilio/messaging/messages/create` (up to 100). */
  permissions?: string[];
}

export interface PhoneNumberSeed {
  sid?: string;
  phoneNumber: string;
  friendlyName?: string;
  /** Where messages texted to the number are posted (unless its Messaging Service takes them). */
  smsUrl?: string;
  smsMethod?: WebhookMethod;
}

export interface MessagingServiceSeed {
  sid?: string;
  friendlyName?: string;
  /** The sender pool; defaults to every number the account owns. */
  phoneNumbers?: string[];
  statusCallback?: string;
  /** Where messages texted to the pool are posted ("Send a webhook" in the Console). */
  inboundRequestUrl?: string;
  inboundMethod?: WebhookMethod;
  /** "Defer to sender's webhook": each number's SmsUrl takes its messages instead. */
  useInboundWebhookOnNumber?: boolean;
  /** Advanced Opt-Out on: incoming-message webhooks carry OptOutType for keywords. */
  advancedOptOut?: boolean;
}

export interface ConversationsServiceSeed {
  sid?: string;
  friendlyName?: string;
  webhooks?: {
    preWebhookUrl?: string;
    postWebhookUrl?: string;
    filters?: string[];
    method?: WebhookMethod;
  };
}

/** What a seeded or admin-created account ended up with: every SID and secret, for tests and the CLI. */
export interface EmulatorAccountSummary {
  accountSid: string;
  authToken: string;
  secondaryAuthToken: string | null;
  friendlyName: string;
  type: AccountType;
  region: ProcessingRegion;
  apiKeys: { sid: string; secret: string; friendlyName: string; type: ApiKeyType; permissions: string[] }[];
  phoneNumbers: { sid: string; phoneNumber: string; smsUrl: string | null }[];
  messagingServices: { sid: string; friendlyName: string; phoneNumbers: string[]; inboundRequestUrl: string | null; advancedOptOut: boolean }[];
  conversationsServices: { sid: string; friendlyName: string }[];
  verifiedCallerIds: string[];
  unsubscribedRecipients: string[];
  /** Opt-outs recorded from keywords texted in (scoped to a number or a Messaging Service). */
  optOuts: { recipient: string; sender: string; keyword: string; since: string }[];
  undeliverableRecipients: string[];
  failingRecipients: string[];
}

const E164 = /^\+[1-9]\d{1,14}$/;
const AUTH_TOKEN = /^[0-9a-f]{32}$/;

export class SeedError extends Error {}

export async function readSeedFile(path: string): Promise<EmulatorSeed> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SeedError(`cannot read seed file ${path}: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || !Array.isArray((parsed as EmulatorSeed).accounts)) {
    throw new SeedError(`seed file ${path} must be an object with an "accounts" array`);
  }
  return parsed as EmulatorSeed;
}

/**
 * Adds one account and everything it owns. The whole seed is checked before anything is
 * stored, so a refused seed leaves the store as it was.
 */
export function addSeededAccount(store: EmulatorStore, seed: AccountSeed, now: Date): AccountRecord {
  const sid = sidOrNew(seed.sid, 'AC', 'account sid');
  const where = `account ${sid}`;
  if (store.accounts.has(sid)) throw new SeedError(`${where}: the SID is already taken`);
  const type = seed.type ?? 'Full';
  if (!['Trial', 'Full'].includes(type)) throw new SeedError(`${where}: type must be Trial or Full`);
  const region = seed.region ?? 'us1';
  if (!isProcessingRegion(region)) throw new SeedError(`${where}: region must be one of ${PROCESSING_REGIONS.join(', ')}`);
  const account: AccountRecord = {
    sid,
    friendlyName: seed.friendlyName ?? `Emulated account ${sid.slice(-4)}`,
    type,
    region,
    authToken: tokenOrNew(seed.authToken, `${where}: authToken`),
    authTokenDateCreated: now,
    secondaryAuthToken:
      seed.secondaryAuthToken === undefined ? null : tokenOrNew(seed.secondaryAuthToken, `${where}: secondaryAuthToken`),
    secondaryAuthTokenDateCreated: seed.secondaryAuthToken === undefined ? null : now,
    dateCreated: now,
    dateUpdated: now,
    verifiedCallerIds: numberSet(seed.verifiedCallerIds, `${where}: verifiedCallerIds`),
    unsubscribedRecipients: numberSet(seed.unsubscribedRecipients, `${where}: unsubscribedRecipients`),
    optOuts: [],
    undeliverableRecipients: numberSet(seed.undeliverableRecipients, `${where}: undeliverableRecipients`),
    failingRecipients: numberSet(seed.failingRecipients, `${where}: failingRecipients`),
  };

  const apiKeys: ApiKeyRecord[] = (seed.apiKeys ?? []).map((key) => newApiKey(store, account, key, now));

  const taken = new Set([...store.phoneNumbers.values()].map((owned) => owned.phoneNumber));
  const phoneNumbers: IncomingPhoneNumberRecord[] = (seed.phoneNumbers ?? []).map((entry) => {
    const number = typeof entry === 'string' ? { phoneNumber: entry } : entry;
    assertE164(number.phoneNumber, `${where}: phoneNumbers`);
    if (taken.has(number.phoneNumber)) throw new SeedError(`${where}: ${number.phoneNumber} is already owned`);
    taken.add(number.phoneNumber);
    return {
      sid: unusedSid(store.phoneNumbers, sidOrNew(number.sid, 'PN', `${where}: phone number sid`), where),
      accountSid: sid,
      phoneNumber: number.phoneNumber,
      friendlyName: number.friendlyName ?? friendlyPhoneNumber(number.phoneNumber),
      smsUrl: webhookUrlOrNull(number.smsUrl, `${where}: ${number.phoneNumber} smsUrl`),
      smsMethod: webhookMethod(number.smsMethod, `${where}: ${number.phoneNumber} smsMethod`),
      dateCreated: now,
      dateUpdated: now,
    };
  });
  const owned = phoneNumbers.map((number) => number.phoneNumber);

  const messagingServices: MessagingServiceRecord[] = (seed.messagingServices ?? []).map((service) => {
    const serviceSid = unusedSid(store.messagingServices, sidOrNew(service.sid, 'MG', `${where}: messaging service sid`), where);
    const senders = service.phoneNumbers ?? owned;
    const foreign = senders.find((sender) => !owned.includes(sender));
    if (foreign) throw new SeedError(`${where}: messaging service ${serviceSid} lists ${foreign}, which the account does not own`);
    return {
      sid: serviceSid,
      accountSid: sid,
      friendlyName: service.friendlyName ?? 'Emulated Messaging Service',
      statusCallback: service.statusCallback ?? null,
      inboundRequestUrl: webhookUrlOrNull(service.inboundRequestUrl, `${where}: messaging service ${serviceSid} inboundRequestUrl`),
      inboundMethod: webhookMethod(service.inboundMethod, `${where}: messaging service ${serviceSid} inboundMethod`),
      useInboundWebhookOnNumber: service.useInboundWebhookOnNumber ?? false,
      advancedOptOut: service.advancedOptOut ?? false,
      senderPhoneNumbers: [...senders],
      dateCreated: now,
      dateUpdated: now,
    };
  });

  const conversationsServices: ConversationsServiceRecord[] = (seed.conversationsServices ?? []).map((service) => ({
    sid: unusedSid(store.conversationsServices, sidOrNew(service.sid, 'IS', `${where}: conversations service sid`), where),
    accountSid: sid,
    friendlyName: service.friendlyName ?? 'Emulated Conversations Service',
    webhooks: {
      preWebhookUrl: service.webhooks?.preWebhookUrl ?? null,
      postWebhookUrl: service.webhooks?.postWebhookUrl ?? null,
      filters: [...(service.webhooks?.filters ?? [])],
      method: service.webhooks?.method ?? 'POST',
    },
    participantRoleSid: newSid('RL'),
    dateCreated: now,
    dateUpdated: now,
  }));

  store.accounts.set(sid, account);
  for (const key of apiKeys) store.apiKeys.set(key.sid, key);
  for (const number of phoneNumbers) store.phoneNumbers.set(number.sid, number);
  for (const service of messagingServices) store.messagingServices.set(service.sid, service);
  for (const service of conversationsServices) store.conversationsServices.set(service.sid, service);
  return account;
}

/**
 * One API key of the account, checked as Twilio checks a Key resource v1 create: a known type,
 * permissions only for (and required by) a Restricted key, at most 100 of them, each a catalog
 * name; Restricted keys exist in the US1 region only ("Restricted API Keys is now in GA",
 * https://www.twilio.com/en-us/changelog/restricted-api-keys-ga).
 */
export function newApiKey(store: EmulatorStore, account: AccountRecord, seed: ApiKeySeed, now: Date): ApiKeyRecord {
  const where = `account ${account.sid}: api key`;
  const type = seed.type ?? 'standard';
  if (!API_KEY_TYPES.includes(type)) throw new SeedError(`${where}: type must be one of ${API_KEY_TYPES.join(', ')}`);
  const permissions = seed.permissions ?? [];
  if (!Array.isArray(permissions)) throw new SeedError(`${where}: permissions must be a list`);
  if (type !== 'restricted' && permissions.length > 0) throw new SeedError(`${where}: only a restricted key has permissions`);
  if (type === 'restricted') {
    if (permissions.length === 0 || permissions.length > MAX_RESTRICTED_KEY_PERMISSIONS) {
      throw new SeedError(`${where}: a restricted key needs 1 to ${MAX_RESTRICTED_KEY_PERMISSIONS} permissions`);
    }
    const invalid = permissions.find((permission) => !isPermissionName(permission));
    if (invalid !== undefined) throw new SeedError(`${where}: permission '${String(invalid)}' is invalid`);
    if (account.region !== 'us1') throw new SeedError(`${where}: restricted keys exist in the us1 region only`);
  }
  return {
    sid: unusedSid(store.apiKeys, sidOrNew(seed.sid, 'SK', `${where} sid`), where),
    accountSid: account.sid,
    secret: seed.secret ?? newSecret(),
    friendlyName: seed.friendlyName ?? 'Emulated API key',
    type,
    permissions: [...permissions],
    dateCreated: now,
  };
}

export function summarizeAccount(store: EmulatorStore, account: AccountRecord): EmulatorAccountSummary {
  const owned = <T extends { accountSid: string }>(collection: Map<string, T>) =>
    [...collection.values()].filter((record) => record.accountSid === account.sid);
  return {
    accountSid: account.sid,
    authToken: account.authToken,
    secondaryAuthToken: account.secondaryAuthToken,
    friendlyName: account.friendlyName,
    type: account.type,
    region: account.region,
    apiKeys: owned(store.apiKeys).map(({ sid, secret, friendlyName, type, permissions }) => ({
      sid,
      secret,
      friendlyName,
      type,
      permissions: [...permissions],
    })),
    phoneNumbers: owned(store.phoneNumbers).map(({ sid, phoneNumber, smsUrl }) => ({ sid, phoneNumber, smsUrl })),
    messagingServices: owned(store.messagingServices).map(({ sid, friendlyName, senderPhoneNumbers, inboundRequestUrl, advancedOptOut }) => ({
      sid,
      friendlyName,
      phoneNumbers: [...senderPhoneNumbers],
      inboundRequestUrl,
      advancedOptOut,
    })),
    conversationsServices: owned(store.conversationsServices).map(({ sid, friendlyName }) => ({ sid, friendlyName })),
    verifiedCallerIds: [...account.verifiedCallerIds],
    unsubscribedRecipients: [...account.unsubscribedRecipients],
    optOuts: account.optOuts.map(({ recipient, sender, keyword, since }) => ({ recipient, sender, keyword, since: since.toISOString() })),
    undeliverableRecipients: [...account.undeliverableRecipients],
    failingRecipients: [...account.failingRecipients],
  };
}

/** How Twilio names a US/Canada number by default, e.g. "(415) 555-0100". */
function friendlyPhoneNumber(phoneNumber: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phoneNumber);
  return nanp ? `(${nanp[1]}) ${nanp[2]}-${nanp[3]}` : phoneNumber;
}

function unusedSid(collection: Map<string, unknown>, sid: string, where: string): string {
  if (collection.has(sid)) throw new SeedError(`${where}: ${sid} is already taken`);
  return sid;
}

function sidOrNew(value: string | undefined, prefix: SidPrefix, what: string): string {
  if (value === undefined) return newSid(prefix);
  if (!isSid(value, prefix)) throw new SeedError(`${what} must be ${prefix} followed by 32 hex digits: ${value}`);
  return value;
}

function tokenOrNew(value: string | undefined, what: string): string {
  if (value === undefined) return newSecret();
  if (!AUTH_TOKEN.test(value)) throw new SeedError(`${what} must be 32 lower-case hex digits`);
  return value;
}

/** A webhook URL as Twilio takes one: absolute http(s). */
export function webhookUrlOrNull(value: unknown, what: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw new SeedError(`${what} must be an absolute http(s) URL`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SeedError(`${what} must be an absolute http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SeedError(`${what} must be an absolute http(s) URL`);
  return value;
}

export function webhookMethod(value: unknown, what: string): WebhookMethod {
  const method = String(value ?? 'POST').toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new SeedError(`${what} must be GET or POST`);
  return method;
}

function assertE164(value: string, what: string): void {
  if (!E164.test(value)) throw new SeedError(`${what}: ${value} is not an E.164 number`);
}

function numberSet(values: string[] | undefined, what: string): Set<string> {
  for (const value of values ?? []) assertE164(value, what);
  return new Set(values ?? []);
}
