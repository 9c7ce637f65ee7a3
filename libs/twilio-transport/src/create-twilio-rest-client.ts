import twilio from 'twilio';
import { ApiBaseUrlRequestClient } from './api-base-url-request-client';

export const DEFAULT_TWILIO_TIMEOUT_MS = 10_000;

export interface TwilioRestClientOptions {
  /** An Account SID (with its Auth Token) or an API key SID `SK…` (with its secret). */
  username: string;
  password: string;
  /** The account the calls act on; equals `username` unless an API key is used. */
  accountSid: string;
  /** `TWILIO_API_BASE_URL`; unset = the real Twilio. */
  apiBaseUrl?: string;
  timeoutMs?: number;
  edge?: string;
  region?: string;
}

/** A ready `twilio.Twilio` whose every REST call honours `apiBaseUrl` and the timeout. */
export function createTwilioRestClient(options: TwilioRestClientOptions): twilio.Twilio {
  const { username, password, accountSid, apiBaseUrl, edge, region } = options;
  const httpClient = new ApiBaseUrlRequestClient({
    apiBaseUrl,
    timeout: options.timeoutMs ?? DEFAULT_TWILIO_TIMEOUT_MS,
  });
  return twilio(username, password, { accountSid, edge, region, httpClient });
}
