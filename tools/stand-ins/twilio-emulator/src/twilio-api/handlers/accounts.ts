import type { AccountRecord } from '../../store/records';
import type { OperationHandler } from '../api-context';
import { rfc2822 } from '../twilio-formats';

const SUBRESOURCES: Record<string, string> = {
  addresses: 'Addresses',
  conferences: 'Conferences',
  signing_keys: 'SigningKeys',
  transcriptions: 'Transcriptions',
  connect_apps: 'ConnectApps',
  sip: 'SIP',
  authorized_connect_apps: 'AuthorizedConnectApps',
  usage: 'Usage',
  keys: 'Keys',
  applications: 'Applications',
  recordings: 'Recordings',
  short_codes: 'SMS/ShortCodes',
  calls: 'Calls',
  notifications: 'Notifications',
  incoming_phone_numbers: 'IncomingPhoneNumbers',
  queues: 'Queues',
  messages: 'Messages',
  outgoing_caller_ids: 'OutgoingCallerIds',
  available_phone_numbers: 'AvailablePhoneNumbers',
  balance: 'Balance',
};

export function accountJson(account: AccountRecord): Record<string, unknown> {
  const base = `/2010-04-01/Accounts/${account.sid}`;
  return {
    auth_token: account.authToken,
    date_created: rfc2822(account.dateCreated),
    date_updated: rfc2822(account.dateUpdated),
    friendly_name: account.friendlyName,
    owner_account_sid: account.sid,
    sid: account.sid,
    status: 'active',
    subresource_uris: Object.fromEntries(
      Object.entries(SUBRESOURCES).map(([name, path]) => [name, `${base}/${path}.json`]),
    ),
    type: account.type,
    uri: `${base}.json`,
  };
}

/** The path names the authenticated account (checked before), so it is always found. */
export const fetchAccount: OperationHandler = (request) => ({ status: 200, body: accountJson(request.account) });
