import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Histogram } from 'prom-client';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import { TwilioCapabilityCalls } from './twilio-capability-calls';
import { credentialLabel, type TwilioCredentials } from './twilio-credentials';
import { translateTwilioError } from './twilio-error.translator';
import { TwilioRestClientProvider } from './twilio-rest-client.provider';

/** What the settings name besides the credentials: the calls the product will make with them. */
export interface TwilioResourcesToCheck {
  fromNumber?: string | null;
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
 * Asks Twilio whether credentials work before anything is saved (docs/architecture.md):
 * - the Auth Token by the account fetch: it signs Twilio's webhooks, and the host carries the
 *   edge and region, so credentials of another region are refused here;
 * - without an API key, each service named with the Auth Token, as before;
 * - an API key by the calls the product will make with it (Standard and Restricted keys cannot
 *   read the Account resource): the from number's lookup, sending messages, each service named
 *   and, with a Conversations Service, its webhook configuration. A key Twilio refuses, or one
 *   lacking a capability, is 422 INVALID_TWILIO_CREDENTIALS naming the key (masked) and the capability.
 * Throws the contract's errors (422, 422 naming an unknown service, 502/504).
 */
@Injectable()
export class TwilioCredentialsValidator {
  constructor(
    private readonly clients: TwilioRestClientProvider,
    @InjectMetric(TWILIO_METRICS.credentialValidationSeconds) private readonly duration: Histogram,
  ) {}

  async validate(credentials: TwilioCredentials, resources: TwilioResourcesToCheck = {}): Promise<ValidatedTwilioAccount> {
    const stopTimer = this.duration.startTimer();
    try {
      const account = await this.fetchAccountWithAuthToken(credentials);
      const usesApiKey = !!credentials.apiKeySid && !!credentials.apiKeySecret;
      const calls = new TwilioCapabilityCalls(this.clients.create(credentials), credentialLabel(credentials));
      if (usesApiKey) {
        if (resources.fromNumber) await calls.ownsPhoneNumber(resources.fromNumber);
        await calls.mayCreateMessages();
      }
      if (resources.messagingServiceSid) await calls.fetchMessagingService(resources.messagingServiceSid);
      if (resources.conversationsServiceSid) {
        await calls.fetchConversationsService(resources.conversationsServiceSid);
        if (usesApiKey) await calls.fetchWebhookConfiguration(resources.conversationsServiceSid);
      }
      stopTimer({ outcome: 'valid' });
      return account;
    } catch (error) {
      stopTimer({ outcome: 'invalid' });
      throw error;
    }
  }

  private async fetchAccountWithAuthToken(credentials: TwilioCredentials): Promise<ValidatedTwilioAccount> {
    const client = this.clients.create(credentials, { useApiKey: false });
    try {
      const account = await client.api.v2010.accounts(credentials.accountSid).fetch();
      return { accountSid: account.sid, friendlyName: account.friendlyName, status: account.status, type: account.type };
    } catch (error) {
      throw translateTwilioError(error, { operation: 'verify the credentials' });
    }
  }
}
