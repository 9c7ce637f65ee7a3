import { createHash } from 'node:crypto';
import twilio from 'twilio';
import type { ServiceContext } from 'twilio/lib/rest/conversations/v1/service';
import { TwilioClientFactory } from '../twilio/twilio-client.factory';
import { ApiError } from '../common/errors/api-error';

/** Twilio error codes this module reacts to. */
export const TWILIO_CODES = {
  notFound: 20404,
  conversationUniqueNameTaken: 50353,
  participantAddressTaken: 50416,
} as const;

/** The organization's Conversations Service, through its factory client. */
export interface OrgConversationsService {
  service: ServiceContext;
  serviceSid: string;
  /** The organization's number: the proxy address of SMS participants. */
  fromNumber: string | null;
}

export async function conversationsServiceOf(factory: TwilioClientFactory, orgId: string): Promise<OrgConversationsService> {
  const { client, settings } = await factory.getClient(orgId);
  if (!settings.conversationsServiceSid) {
    throw new ApiError(409, 'NO_CONVERSATIONS_SERVICE', 'Set a Conversations Service SID in the Twilio settings to use conversations.');
  }
  return {
    service: client.conversations.v1.services(settings.conversationsServiceSid),
    serviceSid: settings.conversationsServiceSid,
    fromNumber: settings.fromNumber,
  };
}

export function requireFromNumber(service: OrgConversationsService): string {
  if (!service.fromNumber) {
    throw new ApiError(409, 'NOT_CONFIGURED', 'Set a from number in the Twilio settings: SMS participants talk to it.');
  }
  return service.fromNumber;
}

/**
 * The Twilio UniqueName of an organization's conversation with a number: Twilio refuses a second
 * conversation with it, which backs the local unique index up should a creator die half-way. The
 * organization is a short hash (names stay URL-safe, and two tenants sharing a service never clash).
 */
export function conversationUniqueName(orgId: string, phoneNumber: string): string {
  return `sms.${organizationTag(orgId)}.${phoneNumber.replace(/\D/g, '')}`;
}

/** True for a UniqueName this product gave to another organization's conversation. */
export function isAnotherOrganizationsConversation(orgId: string, uniqueName: string | null): boolean {
  const match = uniqueName ? /^sms\.([0-9a-f]{12})\.\d+$/.exec(uniqueName) : null;
  return match !== null && match[1] !== organizationTag(orgId);
}

export function twilioErrorCode(error: unknown): number | null {
  return error instanceof twilio.RestException ? (error.code ?? null) : null;
}

export function isTwilioNotFound(error: unknown): boolean {
  return error instanceof twilio.RestException && (error.status === 404 || error.code === TWILIO_CODES.notFound);
}

function organizationTag(orgId: string): string {
  return createHash('sha256').update(orgId).digest('hex').slice(0, 12);
}
