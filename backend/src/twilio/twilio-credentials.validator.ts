import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import type { TwilioCredentials } from './twilio-credentials';
import { translateTwilioError } from './twilio-error.translator';
import { TwilioRestClientProvider } from './twilio-rest-client.provider';

export interface TwilioServicesToCheck {
  messagingServiceSid?: string | null;
  conversationsServiceSid?: string | null;
}

export interface ValidatedTwilioAccount {
  accountSid: string;
  friendlyName: string;
  status: string;
  type: string;
}

/**
 * Asks Twilio whether credentials work before anything is saved: the account fetch with the Auth
 * Token (Basic auth), the same with the API key when one is given, then each service named.
 * Throws the contract's errors (422 INVALID_TWILIO_CREDENTIALS, 422 naming an unknown service, 502/504).
 */
@Injectable()
export class TwilioCredentialsValidator {
  constructor(
    private readonly clients: TwilioRestClientProvider,
    @InjectMetric(TWILIO_METRICS.credentialValidationSeconds) private readonly duration: Histogram,
  ) {}

  async validate(credentials: TwilioCredentials, services: TwilioServicesToCheck = {}): Promise<ValidatedTwilioAccount> {
    const stopTimer = this.duration.startTimer();
    try {
      const account = await this.fetchAccount(credentials, false);
      const usesApiKey = !!credentials.apiKeySid && !!credentials.apiKeySecret;
      if (usesApiKey) await this.fetchAccount(credentials, true);
      const client = this.clients.create(credentials);
      if (services.messagingServiceSid) {
        await client.messaging.v1
          .services(services.messagingServiceSid)
          .fetch()
          .catch((error: unknown) => {
            throw translateTwilioError(error, { operation: 'find the Messaging Service', field: 'messagingServiceSid' });
          });
      }
      if (services.conversationsServiceSid) {
        await client.conversations.v1
          .services(services.conversationsServiceSid)
          .fetch()
          .catch((error: unknown) => {
            throw translateTwilioError(error, { operation: 'find the Conversations Service', field: 'conversationsServiceSid' });
          });
      }
      stopTimer({ outcome: 'valid' });
      return account;
    } catch (error) {
      stopTimer({ outcome: 'invalid' });
      throw error;
    }
  }

  private async fetchAccount(credentials: TwilioCredentials, useApiKey: boolean): Promise<ValidatedTwilioAccount> {
    const client = this.clients.create(credentials, { useApiKey });
    try {
      const account = await client.api.v2010.accounts(credentials.accountSid).fetch();
      return { accountSid: account.sid, friendlyName: account.friendlyName, status: account.status, type: account.type };
    } catch (error) {
      throw translateTwilioError(error, { operation: 'verify the credentials' });
    }
  }
}
