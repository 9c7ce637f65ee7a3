import type { EmulatorStore } from '../store/emulator-store';
import type { AccountRecord } from '../store/records';
import { TwilioApiError } from './twilio-error';

const NO_CREDENTIALS = 'Authentication Error - No credentials provided';
const WRONG_CREDENTIALS = 'Authenticate';

function unauthorized(message: string): TwilioApiError {
  return new TwilioApiError(401, 20003, message);
}

/**
 * HTTP Basic auth as Twilio accepts it: an Account SID with its Auth Token (primary or
 * secondary), or an API key SID `SK…` with its secret, which acts as the key's account.
 */
export function authenticate(authorization: string | undefined, store: EmulatorStore): AccountRecord {
  const match = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!match) throw unauthorized(NO_CREDENTIALS);
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator < 0) throw unauthorized(NO_CREDENTIALS);
  const username = decoded.slice(0, separator);
  const password = decoded.slice(separator + 1);

  if (username.startsWith('AC')) {
    const account = store.accounts.get(username);
    if (account && (password === account.authToken || password === account.secondaryAuthToken)) return account;
    throw unauthorized(WRONG_CREDENTIALS);
  }
  if (username.startsWith('SK')) {
    const key = store.apiKeys.get(username);
    const account = key && key.secret === password ? store.accounts.get(key.accountSid) : undefined;
    if (account) return account;
    throw unauthorized(WRONG_CREDENTIALS);
  }
  throw unauthorized(WRONG_CREDENTIALS);
}

/** 2010-04-01 URLs name the account; credentials of another account do not open it. */
export function assertAccountInPath(account: AccountRecord, pathAccountSid: string | undefined): void {
  if (pathAccountSid !== undefined && pathAccountSid !== account.sid) throw unauthorized(WRONG_CREDENTIALS);
}
