import type { EmulatorStore } from '../store/emulator-store';
import type { AccountRecord, ApiKeyRecord } from '../store/records';
import type { ProcessingRegion } from './regional-hosts';
import { TwilioApiError } from './twilio-error';

const NO_CREDENTIALS = 'Authentication Error - No credentials provided';
const WRONG_CREDENTIALS = 'Authenticate';

function unauthorized(message: string): TwilioApiError {
  return new TwilioApiError(401, 20003, message);
}

/** Who is calling: the account, and the API key when the call used one (null for the Auth Token). */
export interface Caller {
  account: AccountRecord;
  apiKey: ApiKeyRecord | null;
}

/**
 * HTTP Basic auth as Twilio accepts it: an Account SID with its Auth Token (primary or
 * secondary), or an API key SID `SK…` with its secret, which acts as the key's account.
 * Credentials are region-specific: those of an account at home in another region fail to
 * authenticate ("Manage Regional API Credentials",
 * https://www.twilio.com/docs/global-infrastructure/manage-regional-api-credentials).
 */
export function authenticate(authorization: string | undefined, store: EmulatorStore, region: ProcessingRegion): Caller {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized(NO_CREDENTIALS);
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) throw unauthorized(NO_CREDENTIALS);
  const username = decoded.slice(0, separator);
  const password = decoded.slice(separator + 1);

  let caller: Caller | null = null;
  if (username.startsWith('AC')) {
    const account = store.accounts.get(username);
    if (account && (password === account.authToken || password === account.secondaryAuthToken)) caller = { account, apiKey: null };
  } else if (username.startsWith('SK')) {
    const key = store.apiKeys.get(username);
    const account = key && key.secret === password ? store.accounts.get(key.accountSid) : undefined;
    if (key && account) caller = { account, apiKey: key };
  }
  if (!caller || caller.account.region !== region) throw unauthorized(WRONG_CREDENTIALS);
  return caller;
}

/** 2010-04-01 URLs name the account; credentials of another account do not open it. */
export function assertAccountInPath(account: AccountRecord, pathAccountSid: string | undefined): void {
  if (pathAccountSid !== undefined && pathAccountSid !== account.sid) throw unauthorized(WRONG_CREDENTIALS);
}
