import { Injectable } from '@nestjs/common';
import { TwilioClientFactory } from './twilio-client.factory';
import { translateTwilioError } from './twilio-error.translator';

/**
 * The read-only calls a health check makes with an organization's client. Each failure is
 * translated into the API's typed errors; a resource Twilio does not know is
 * TWILIO_RESOURCE_NOT_FOUND naming the settings field.
 */
@Injectable()
export class TwilioAccountProbe {
  constructor(private readonly factory: TwilioClientFactory) {}

  /** The account's status as Twilio reports it: `active`, `suspended` or `closed`. */
  async accountStatus(orgId: string): Promise<string> {
    const { client, settings } = await this.factory.getClient(orgId);
    return this.call('check the credentials', undefined, async () => (await client.api.v2010.accounts(settings.accountSid).fetch()).status);
  }

  /** True when the number is one of the account's incoming phone numbers. */
  async ownsPhoneNumber(orgId: string, phoneNumber: string): Promise<boolean> {
    const { client } = await this.factory.getClient(orgId);
    return this.call('check the from number', undefined, async () => (await client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 })).length > 0);
  }

  async fetchMessagingService(orgId: string, serviceSid: string): Promise<void> {
    const { client } = await this.factory.getClient(orgId);
    await this.call('check the messaging service', 'messagingServiceSid', () => client.messaging.v1.services(serviceSid).fetch());
  }

  async fetchConversationsService(orgId: string, serviceSid: string): Promise<void> {
    const { client } = await this.factory.getClient(orgId);
    await this.call('check the conversations service', 'conversationsServiceSid', () => client.conversations.v1.services(serviceSid).fetch());
  }

  private async call<T>(operation: string, field: string | undefined, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw translateTwilioError(error, { operation, field });
    }
  }
}
