import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { normalizeApiBaseUrl, rewriteTwilioUri } from './twilio-api-url';

type RequestClientOptions = RequestClient.RequestClientOptions;

export interface ApiBaseUrlRequestClientOptions extends RequestClientOptions {
  /** Where Twilio REST calls go instead of `https://{subdomain}.twilio.com`; unset = Twilio itself. */
  apiBaseUrl?: string;
}

/**
 * The SDK's own HTTP client, with one change: Twilio URLs are rewritten onto `apiBaseUrl`
 * (the local emulator, an egress proxy, a test server). Everything else — auth, retries,
 * timeouts, form encoding — stays the SDK's, so nothing of the SDK is forked or patched.
 */
export class ApiBaseUrlRequestClient extends twilio.RequestClient {
  readonly apiBaseUrl: string | undefined;

  constructor(options: ApiBaseUrlRequestClientOptions = {}) {
    const { apiBaseUrl, ...requestClientOptions } = options;
    super(requestClientOptions);
    this.apiBaseUrl = apiBaseUrl ? normalizeApiBaseUrl(apiBaseUrl) : undefined;
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.apiBaseUrl ? rewriteTwilioUri(opts.uri, this.apiBaseUrl) : opts.uri;
    return super.request({ ...opts, uri });
  }
}
