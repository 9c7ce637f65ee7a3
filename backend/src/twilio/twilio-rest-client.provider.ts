import { Injectable } from '@nestjs/common';
import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import type twilio from 'twilio';
import { AppConfig } from '../config/app-config';
import type { TwilioCredentials } from './twilio-credentials';

export type TwilioRestClient = twilio.Twilio;

/**
 * Builds SDK clients the way the product configures them: TWILIO_API_BASE_URL honoured, the call
 * timeout applied, and an API key preferred to the Auth Token for REST calls, as Twilio recommends.
 */
@Injectable()
export class TwilioRestClientProvider {
  constructor(private readonly config: AppConfig) {}

  create(credentials: TwilioCredentials, options: { useApiKey?: boolean } = {}): TwilioRestClient {
    const useApiKey = (options.useApiKey ?? true) && !!credentials.apiKeySid && !!credentials.apiKeySecret;
    return createTwilioRestClient({
      username: useApiKey ? (credentials.apiKeySid as string) : credentials.accountSid,
      password: useApiKey ? (credentials.apiKeySecret as string) : credentials.authToken,
      accountSid: credentials.accountSid,
      apiBaseUrl: this.config.twilio.apiBaseUrl ?? undefined,
      timeoutMs: this.config.twilio.timeoutMs,
      edge: credentials.edge ?? undefined,
      region: credentials.region ?? undefined,
    });
  }
}
