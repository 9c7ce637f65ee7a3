import type { TwilioCapability, WebhookConfiguration } from '@twilio-config/shared';
import twilio from 'twilio';
import { translateTwilioError } from './twilio-error.translator';
import type { TwilioRestClient } from './twilio-rest-client.provider';

/**
 * The calls that show a credential can do what the product will ask of it, one per capability
 * (TWILIO_CAPABILITIES in libs/shared). Standard and Restricted API keys cannot read the Account
 * resource, so a key is checked by these instead of the account fetch (docs/twilio-emulator.md,
 * "Credentials and API keys"). Each failure is the API's typed error naming the capability: a
 * Restricted key without the permission answers 401 / 70051, which becomes
 * TwilioCapabilityMissingError. Used by the credentials validator and by health.
 */
export class TwilioCapabilityCalls {
  constructor(
    private readonly client: TwilioRestClient,
    /** The credential as an answer may name it ("API key SK…1a2b"). */
    private readonly credential: string,
  ) {}

  /** from_number: the account's incoming phone numbers filtered by the number; true when it owns it. */
  async ownsPhoneNumber(phoneNumber: string): Promise<boolean> {
    return this.call('from_number', 'check the from number', undefined, async () => (await this.client.incomingPhoneNumbers.list({ phoneNumber, limit: 1 })).length > 0);
  }

  /**
   * messages: the product only creates messages, so the check is a create Twilio must refuse
   * before sending anything: no `To`. A key allowed to create gets 400 / 21604 ("A 'To' phone
   * number is required", https://www.twilio.com/docs/api/errors/21604); a Restricted key without `/twilio/messaging/messages/create` gets
   * 401 / 70051. A read-only call (list) would test a permission the product never uses.
   */
  async mayCreateMessages(): Promise<void> {
    await this.call('messages', 'check sending messages', undefined, async () => {
      try {
        await this.client.messages.create({ to: '' });
      } catch (error) {
        // Any other 400 is also Twilio checking the parameters, i.e. after the permission.
        if (error instanceof twilio.RestException && error.status === 400) return;
        throw error;
      }
      throw new Error('Twilio accepted a message without a To number');
    });
  }

  async fetchMessagingService(serviceSid: string): Promise<void> {
    await this.call('messaging_service', 'check the messaging service', 'messagingServiceSid', () => this.client.messaging.v1.services(serviceSid).fetch());
  }

  async fetchConversationsService(serviceSid: string): Promise<void> {
    await this.call('conversations_service', 'check the conversations service', 'conversationsServiceSid', () =>
      this.client.conversations.v1.services(serviceSid).fetch(),
    );
  }

  /** webhook: the Conversations Service's webhook configuration as Twilio has it now. */
  async fetchWebhookConfiguration(serviceSid: string): Promise<WebhookConfiguration> {
    return this.call('webhook', 'read the Conversations webhook', 'conversationsServiceSid', async () => {
      const webhook = await this.client.conversations.v1.services(serviceSid).configuration.webhooks().fetch();
      return { url: webhook.postWebhookUrl || null, method: webhook.method || null, filters: webhook.filters ?? [] };
    });
  }

  private async call<T>(capability: TwilioCapability, operation: string, field: string | undefined, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw translateTwilioError(error, { operation, field, capability, credential: this.credential });
    }
  }
}
