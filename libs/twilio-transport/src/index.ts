export { ApiBaseUrlRequestClient, type ApiBaseUrlRequestClientOptions } from './api-base-url-request-client';
export {
  createTwilioRestClient,
  DEFAULT_TWILIO_TIMEOUT_MS,
  type TwilioRestClientOptions,
} from './create-twilio-rest-client';
export { normalizeApiBaseUrl, rewriteTwilioUri, twilioHostPrefixOf, twilioSubdomainOf } from './twilio-api-url';
