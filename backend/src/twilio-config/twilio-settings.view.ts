import type { CredentialSource, TwilioEdge, TwilioRegion, TwilioSettingsView } from '@twilio-config/shared';
import type { StoredTwilioSettings } from './twilio-settings.repository';

/** `AC…4f2a`: enough to recognise the account, never the whole SID. */
export function maskAccountSid(accountSid: string): string {
  return `${accountSid.slice(0, 2)}…${accountSid.slice(-4)}`;
}

/**
 * The settings as the API shows them. Built field by field from the stored settings, which carry
 * no secret, so no secret can slip into a response.
 */
export function toTwilioSettingsView(
  stored: StoredTwilioSettings | null,
  hasSecrets: { authToken: boolean; apiKeySecret: boolean },
  environmentFallbackAvailable: boolean,
): TwilioSettingsView {
  const credentialSource: CredentialSource = stored?.enabled
    ? 'organization'
    : environmentFallbackAvailable
      ? 'environment'
      : 'none';
  if (!stored) {
    return {
      configured: false,
      enabled: false,
      accountSidMasked: null,
      hasAuthToken: false,
      fromNumber: null,
      messagingServiceSid: null,
      conversationsServiceSid: null,
      apiKeySid: null,
      hasApiKeySecret: false,
      edge: null,
      region: null,
      validated: false,
      validatedAt: null,
      webhook: { url: null, enabled: false, configured: false },
      credentialSource,
      updatedAt: null,
      updatedBy: null,
    };
  }
  return {
    configured: true,
    enabled: stored.enabled,
    accountSidMasked: maskAccountSid(stored.accountSid),
    hasAuthToken: hasSecrets.authToken,
    fromNumber: stored.fromNumber,
    messagingServiceSid: stored.messagingServiceSid,
    conversationsServiceSid: stored.conversationsServiceSid,
    apiKeySid: stored.apiKeySid,
    hasApiKeySecret: hasSecrets.apiKeySecret,
    edge: stored.edge as TwilioEdge | null,
    region: stored.region as TwilioRegion | null,
    validated: stored.validated,
    validatedAt: stored.validatedAt?.toISOString() ?? null,
    webhook: { url: stored.webhook.url, enabled: stored.webhook.enabled, configured: stored.webhook.configured },
    credentialSource,
    updatedAt: stored.updatedAt.toISOString(),
    updatedBy: stored.updatedBy,
  };
}
