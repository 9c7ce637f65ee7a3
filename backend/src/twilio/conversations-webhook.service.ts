import { Injectable } from '@nestjs/common';
import { CONVERSATIONS_WEBHOOK_FILTERS, type WebhookConfiguration } from '@twilio-config/shared';
import { TwilioClientFactory } from './twilio-client.factory';
import { translateTwilioError } from './twilio-error.translator';
import { NoConversationsServiceError } from './twilio.errors';

export const CONVERSATIONS_WEBHOOK_METHOD = 'POST';

/** The Conversations Service's webhook, as Twilio holds it (Configuration/Webhooks of the service). */
@Injectable()
export class ConversationsWebhookService {
  constructor(private readonly factory: TwilioClientFactory) {}

  /** Points the service's post-event webhook at `url` with the product's filters. */
  async configureConversationsWebhook(orgId: string, url: string): Promise<WebhookConfiguration> {
    const { client, serviceSid } = await this.serviceOf(orgId);
    try {
      const webhook = await client.conversations.v1
        .services(serviceSid)
        .configuration.webhooks()
        .update({ postWebhookUrl: url, method: CONVERSATIONS_WEBHOOK_METHOD, filters: [...CONVERSATIONS_WEBHOOK_FILTERS] });
      return { url: webhook.postWebhookUrl ?? null, method: webhook.method ?? null, filters: webhook.filters ?? [] };
    } catch (error) {
      throw translateTwilioError(error, { operation: 'configure the Conversations webhook' });
    }
  }

  async getWebhookConfiguration(orgId: string): Promise<WebhookConfiguration> {
    const { client, serviceSid } = await this.serviceOf(orgId);
    try {
      const webhook = await client.conversations.v1.services(serviceSid).configuration.webhooks().fetch();
      return { url: webhook.postWebhookUrl || null, method: webhook.method || null, filters: webhook.filters ?? [] };
    } catch (error) {
      throw translateTwilioError(error, { operation: 'read the Conversations webhook' });
    }
  }

  private async serviceOf(orgId: string) {
    const { client, settings } = await this.factory.getClient(orgId);
    if (!settings.conversationsServiceSid) throw new NoConversationsServiceError();
    return { client, serviceSid: settings.conversationsServiceSid };
  }
}
