import { Injectable } from '@nestjs/common';
import { CONVERSATIONS_WEBHOOK_FILTERS, type WebhookConfiguration } from '@twilio-config/shared';
import twilio from 'twilio';
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service';
import { TwilioCapabilityCalls } from './twilio-capability-calls';
import { TwilioClientFactory } from './twilio-client.factory';
import { credentialLabel } from './twilio-credentials';
import { translateTwilioError } from './twilio-error.translator';
import { NoConversationsServiceError, NoFromNumberError } from './twilio.errors';

/** The HTTP method the product sets for the Conversations webhook. */
export const CONVERSATIONS_WEBHOOK_METHOD = 'POST';

/** Twilio error codes this adapter reacts to (https://www.twilio.com/docs/api/errors). */
const TWILIO_CODES = {
  notFound: 20404,
  conversationUniqueNameTaken: 50353,
  participantAddressTaken: 50416,
} as const;

/** A conversation of the service as the reconciliation needs it. */
export interface TwilioConversationSummary {
  sid: string;
  uniqueName: string | null;
  dateCreated: Date;
}

/**
 * One organization's Conversations Service. Every failure is already translated into the API's
 * typed errors; no SDK shape leaves this object.
 */
export class OrgConversationsService {
  constructor(
    private readonly service: ServiceContext,
    private readonly fromNumber: string | null,
  ) {}

  /** The organization's number: SMS participants talk to it. */
  requireFromNumber(): string {
    if (!this.fromNumber) throw new NoFromNumberError();
    return this.fromNumber;
  }

  /** Creates the conversation; when Twilio already has one with this UniqueName, answers that one's SID. */
  async createOrAdoptConversation(uniqueName: string, friendlyName: string): Promise<string> {
    try {
      try {
        return (await this.service.conversations.create({ uniqueName, friendlyName })).sid;
      } catch (error) {
        if (twilioErrorCode(error) !== TWILIO_CODES.conversationUniqueNameTaken) throw error;
        return (await this.service.conversations(uniqueName).fetch()).sid;
      }
    } catch (error) {
      throw translateTwilioError(error, { operation: 'create the conversation' });
    }
  }

  /** Adds the number as an SMS participant talking to `proxyAddress`; one already there is fine. */
  async addSmsParticipant(conversationSid: string, address: string, proxyAddress: string): Promise<void> {
    try {
      await this.service
        .conversations(conversationSid)
        .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxyAddress });
    } catch (error) {
      if (twilioErrorCode(error) === TWILIO_CODES.participantAddressTaken) return;
      throw translateTwilioError(error, { operation: 'create the conversation' });
    }
  }

  /** Every conversation of the service (the SDK follows the pages, 100 a request). */
  async listConversations(): Promise<TwilioConversationSummary[]> {
    try {
      const conversations = await this.service.conversations.list({ pageSize: 100 });
      return conversations.map(({ sid, uniqueName, dateCreated }) => ({ sid, uniqueName: uniqueName ?? null, dateCreated }));
    } catch (error) {
      throw translateTwilioError(error, { operation: 'list the conversations' });
    }
  }

  /** Deletes the conversation in Twilio; one already gone is fine. */
  async deleteConversation(conversationSid: string): Promise<void> {
    try {
      await this.service.conversations(conversationSid).remove();
    } catch (error) {
      if (!isTwilioNotFound(error)) throw translateTwilioError(error, { operation: 'delete an orphan conversation' });
    }
  }

  async conversationExists(conversationSid: string): Promise<boolean> {
    try {
      await this.service.conversations(conversationSid).fetch();
      return true;
    } catch (error) {
      if (isTwilioNotFound(error)) return false;
      throw translateTwilioError(error, { operation: 'read a conversation' });
    }
  }
}

/**
 * Twilio Conversations for an organization: its service (conversations, participants) and the
 * service's webhook configuration (Configuration/Webhooks of the service).
 */
@Injectable()
export class TwilioConversationsAdapter {
  constructor(private readonly factory: TwilioClientFactory) {}

  /** Throws NoConversationsServiceError (409) when the settings name none. */
  async serviceOf(orgId: string): Promise<OrgConversationsService> {
    const { client, settings } = await this.factory.getClient(orgId);
    const serviceSid = requireServiceSid(settings.conversationsServiceSid);
    return new OrgConversationsService(client.conversations.v1.services(serviceSid), settings.fromNumber);
  }

  /** Points the service's post-event webhook at `url` with the product's filters. */
  async configureWebhook(orgId: string, url: string): Promise<WebhookConfiguration> {
    const { client, settings } = await this.factory.getClient(orgId);
    const serviceSid = requireServiceSid(settings.conversationsServiceSid);
    try {
      const webhook = await client.conversations.v1
        .services(serviceSid)
        .configuration.webhooks()
        .update({ postWebhookUrl: url, method: CONVERSATIONS_WEBHOOK_METHOD, filters: [...CONVERSATIONS_WEBHOOK_FILTERS] });
      return { url: webhook.postWebhookUrl ?? null, method: webhook.method ?? null, filters: webhook.filters ?? [] };
    } catch (error) {
      throw translateTwilioError(error, { operation: 'configure the Conversations webhook', capability: 'webhook', credential: credentialLabel(settings) });
    }
  }

  async getWebhook(orgId: string): Promise<WebhookConfiguration> {
    const { client, settings } = await this.factory.getClient(orgId);
    const serviceSid = requireServiceSid(settings.conversationsServiceSid);
    return new TwilioCapabilityCalls(client, credentialLabel(settings)).fetchWebhookConfiguration(serviceSid);
  }
}

/** The one "needs a Conversations Service" check, for conversations and the webhook alike. */
function requireServiceSid(conversationsServiceSid: string | null): string {
  if (!conversationsServiceSid) throw new NoConversationsServiceError();
  return conversationsServiceSid;
}

function twilioErrorCode(error: unknown): number | null {
  return error instanceof twilio.RestException ? (error.code ?? null) : null;
}

function isTwilioNotFound(error: unknown): boolean {
  return error instanceof twilio.RestException && (error.status === 404 || error.code === TWILIO_CODES.notFound);
}
