import { createHash } from 'node:crypto';

/**
 * The Twilio UniqueName of an organization's conversation with a number: Twilio refuses a second
 * conversation with it, which backs the local unique index up should a creator die half-way. The
 * organization is a short hash (names stay URL-safe, and two tenants sharing a service never clash).
 */
export function conversationUniqueName(orgId: string, phoneNumber: string): string {
  return `sms.${organizationTag(orgId)}.${phoneNumber.replace(/\D/g, '')}`;
}

/** True for a UniqueName this product gave to one of this organization's conversations. */
export function isThisOrganizationsConversation(orgId: string, uniqueName: string | null): boolean {
  const match = uniqueName ? /^sms\.([0-9a-f]{12})\.\d+$/.exec(uniqueName) : null;
  return match !== null && match[1] === organizationTag(orgId);
}

/** True for a UniqueName this product gave to another organization's conversation. */
export function isAnotherOrganizationsConversation(orgId: string, uniqueName: string | null): boolean {
  const match = uniqueName ? /^sms\.([0-9a-f]{12})\.\d+$/.exec(uniqueName) : null;
  return match !== null && match[1] !== organizationTag(orgId);
}

function organizationTag(orgId: string): string {
  return createHash('sha256').update(orgId).digest('hex').slice(0, 12);
}
