import { newSecret } from '../../store/sids';
import type { OperationHandler } from '../api-context';
import { iso8601 } from '../twilio-formats';
import { TwilioApiError } from '../twilio-error';

const SECONDARY_URL = 'https://accounts.twilio.com/v1/AuthTokens/Secondary';
const PROMOTE_URL = 'https://accounts.twilio.com/v1/AuthTokens/Promote';

/**
 * Auth Token rotation (Accounts v1, `specs/twilio_accounts_v1.json`; "REST API: Secondary Auth
 * Token", https://www.twilio.com/docs/iam/api/secondary_authtoken; "REST API: Auth Token",
 * https://www.twilio.com/docs/iam/api/authtoken): create or delete the secondary token, or
 * promote it, which deletes the primary — from then on the old primary fails with 401 / 20003.
 * While both exist, both authenticate (authenticate.ts).
 *
 * Twilio's documents do not say what a second create or a promotion without a secondary answer;
 * the emulator is strict so the product cannot come to rely on a lenient answer: a second create
 * answers 400 with Twilio's generic code 400 "Bad Request" ("the resource to be modified has moved
 * into a state that is no longer valid", https://www.twilio.com/docs/api/errors/400); the
 * secondary stays as it is (delete it first). A promotion or delete without a secondary answers
 * 404 / 20404.
 */
export const createSecondaryAuthToken: OperationHandler = (request, { now }) => {
  const { account } = request;
  if (account.secondaryAuthToken !== null) {
    throw new TwilioApiError(400, 400, 'Bad Request: a secondary Auth Token already exists; delete or promote it first');
  }
  const created = now();
  account.secondaryAuthToken = newSecret();
  account.secondaryAuthTokenDateCreated = created;
  account.dateUpdated = created;
  return {
    status: 201,
    body: {
      account_sid: account.sid,
      date_created: iso8601(created),
      date_updated: iso8601(created),
      secondary_auth_token: account.secondaryAuthToken,
      url: SECONDARY_URL,
    },
  };
};

export const deleteSecondaryAuthToken: OperationHandler = (request, { now }) => {
  const { account } = request;
  if (account.secondaryAuthToken === null) throw noSecondary(request.path);
  account.secondaryAuthToken = null;
  account.secondaryAuthTokenDateCreated = null;
  account.dateUpdated = now();
  return { status: 204 };
};

export const promoteSecondaryAuthToken: OperationHandler = (request, { now }) => {
  const { account } = request;
  if (account.secondaryAuthToken === null) throw noSecondary(request.path);
  const promoted = now();
  account.authToken = account.secondaryAuthToken;
  account.authTokenDateCreated = account.secondaryAuthTokenDateCreated ?? promoted;
  account.secondaryAuthToken = null;
  account.secondaryAuthTokenDateCreated = null;
  account.dateUpdated = promoted;
  return {
    status: 200,
    body: {
      account_sid: account.sid,
      auth_token: account.authToken,
      date_created: iso8601(account.authTokenDateCreated),
      date_updated: iso8601(promoted),
      url: PROMOTE_URL,
    },
  };
};

function noSecondary(path: string): TwilioApiError {
  return new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
}
