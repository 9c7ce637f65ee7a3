import { Injectable } from '@nestjs/common';
import { CONVERSATIONS_WEBHOOK_FILTERS, type WebhookConfiguration } from '@twilio-config/shared';
import twilio from 'twilio';
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service';
import { ApiError } from '../common/errors/api-error';
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

/**
 * What adding an SMS participant came to. Twilio lets an address + proxy address pair be bound in
 * one open conversation at a time and answers 409 / 50416 naming the one that holds it ("A binding
 * for this participant and proxy address already exists in Conversation CH…",
 * https://www.twilio.com/docs/api/errors/50416): the caller adopts that conversation.
 */
export type SmsParticipantResult = { kind: 'added' } | { kind: 'bound_elsewhere'; conversationSid: string };

/** Twilio's 50416 named no conversation this product can read: nothing to adopt. */
export class SmsBindingHeldElsewhereError extends ApiError {
  constructor(message: string) {
    super(
      422,
      'TWILIO_REJECTED',
      `Twilio refused to add the number to the conversation: it already talks to the from number in a conversation this organization cannot reach (${message}).`,
      { twilioCode: TWILIO_CODES.participantAddressTaken },
    );
  }
}

/** The conversation SID in Twilio's 50416 message, or null. */
export function conversationNamedBy50416(message: string): string | null {
  return /\b(CH[0-9a-f]{32})\b/i.exec(message)?.[1] ?? null;
}

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

  /**
   * Adds the number as an SMS participant talking to `proxyAddress`. When Twilio answers 50416,
   * the pair is bound already: in this conversation (added before: fine) or in the one Twilio names,
   * which must be a conversation of this service (else SmsBindingHeldElsewhereError).
   */
  async addSmsParticipant(conversationSid: string, address: string, proxyAddress: string): Promise<SmsParticipantResult> {
    try {
      await this.service
        .conversations(conversationSid)
        .participants.create({ 'messagingBinding.address': address, 'messagingBinding.proxyAddress': proxyAddress });
      return { kind: 'added' };
    } catch (error) {
      if (twilioErrorCode(error) !== TWILIO_CODES.participantAddressTaken) throw translateTwilioError(error, { operation: 'create the conversation' });
      const message = (error as Error).message;
      const holder = conversationNamedBy50416(message);
      if (!holder) throw new SmsBindingHeldElsewhereError('no conversation named');
      if (holder === conversationSid) return { kind: 'added' };
      if (!(await this.conversationExists(holder))) throw new SmsBindingHeldElsewhereError(`${holder} is not in this Conversations Service`);
      return { kind: 'bound_elsewhere', conversationSid: holder };
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
