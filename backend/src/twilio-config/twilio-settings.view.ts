import { maskTwilioSid, type CredentialSource, type TwilioEdge, type TwilioRegion, type TwilioSettingsView } from '@twilio-config/shared';
import type { StoredTwilioSettings } from '../twilio-settings-store';

/**
 * The settings as the API shows them. Built field by field from the stored settings, which carry
 * no secret, so no secret can slip into a response.
 */
export function toTwilioSettingsView(
  stored: StoredTwilioSettings | null,
  hasSecrets: { authToken: boolean; apiKeySecret: boolean },
  environmentFallbackAvailable: boolean,
): TwilioSettingsView {
  // A disabled organization never sends through the development fallback (the factory refuses it).
  const credentialSource: CredentialSource = stored?.enabled
    ? 'organization'
    : !stored && environmentFallbackAvailable
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
    accountSidMasked: maskTwilioSid(stored.accountSid),
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
    // The contract's view has both: a webhook is in use exactly when Twilio accepted its configuration.
    webhook: { url: stored.webhook.url, enabled: stored.webhook.configured, configured: stored.webhook.configured },
    credentialSource,
    updatedAt: stored.updatedAt.toISOString(),
    updatedBy: stored.updatedBy,
  };
}
