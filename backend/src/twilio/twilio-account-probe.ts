import { Injectable } from '@nestjs/common';
import { TwilioCapabilityCalls } from './twilio-capability-calls';
import { TwilioClientFactory } from './twilio-client.factory';
import { credentialLabel } from './twilio-credentials';
import { translateTwilioError } from './twilio-error.translator';

/**
 * The read-only calls a health check makes for an organization: the account fetch with the Auth
 * Token, then one call per capability with the client REST calls use (the API key when there is
 * one; TWILIO_CAPABILITIES in libs/shared). Each failure is the API's typed error: a resource
 * Twilio does not know is TWILIO_RESOURCE_NOT_FOUND naming the settings field, a capability a
 * Restricted key lacks is TwilioCapabilityMissingError.
 */
@Injectable()
export class TwilioAccountProbe {
  constructor(private readonly factory: TwilioClientFactory) {}

  /** The account's status as Twilio reports it to the Auth Token: `active`, `suspended` or `closed`. */
  async accountStatus(orgId: string): Promise<string> {
    const { authTokenClient, settings } = await this.factory.getClient(orgId);
    try {
      return (await authTokenClient.api.v2010.accounts(settings.accountSid).fetch()).status;
    } catch (error) {
      throw translateTwilioError(error, { operation: 'check the credentials' });
    }
  }

  /** True when the number is one of the account's incoming phone numbers. */
  async ownsPhoneNumber(orgId: string, phoneNumber: string): Promise<boolean> {
    return (await this.callsFor(orgId)).ownsPhoneNumber(phoneNumber);
  }

  /** Whether the credential may send messages; throws TwilioCapabilityMissingError when not. */
  async mayCreateMessages(orgId: string): Promise<void> {
    await (await this.callsFor(orgId)).mayCreateMessages();
  }

  async fetchMessagingService(orgId: string, serviceSid: string): Promise<void> {
    await (await this.callsFor(orgId)).fetchMessagingService(serviceSid);
  }

  async fetchConversationsService(orgId: string, serviceSid: string): Promise<void> {
    await (await this.callsFor(orgId)).fetchConversationsService(serviceSid);
  }

  private async callsFor(orgId: string): Promise<TwilioCapabilityCalls> {
    const { client, settings } = await this.factory.getClient(orgId);
    return new TwilioCapabilityCalls(client, credentialLabel(settings));
  }
}
