/**
 * The JSON the API answers and accepts under /api/twilio-config (see CONTRACT.md).
 * The console types its HTTP calls with these; the backend's DTOs implement them.
 */
import type { TwilioEdge, TwilioRegion } from '../validation/twilio-edge';

export const CONVERSATIONS_WEBHOOK_PATH = '/api/twilio/conversations-webhook';

/** The events the product subscribes the Conversations Service webhook to. */
export const CONVERSATIONS_WEBHOOK_FILTERS = [
  'onMessageAdded',
  'onConversationAdded',
  'onConversationRemoved',
  'onParticipantAdded',
  'onParticipantRemoved',
] as const;

export const SUPPORT_ROLE = 'support';

export type CredentialSource = 'organization' | 'environment' | 'none';

export interface TwilioSettingsView {
  configured: boolean;
  enabled: boolean;
  accountSidMasked: string | null;
  hasAuthToken: boolean;
  fromNumber: string | null;
  messagingServiceSid: string | null;
  conversationsServiceSid: string | null;
  apiKeySid: string | null;
  hasApiKeySecret: boolean;
  edge: TwilioEdge | null;
  region: TwilioRegion | null;
  validated: boolean;
  validatedAt: string | null;
  webhook: { url: string | null; enabled: boolean; configured: boolean };
  credentialSource: CredentialSource;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface TwilioSettingsUpsert {
  accountSid: string;
  authToken?: string;
  fromNumber: string;
  messagingServiceSid?: string;
  conversationsServiceSid?: string;
  apiKeySid?: string;
  apiKeySecret?: string;
  edge?: TwilioEdge;
  region?: TwilioRegion;
}

export interface TwilioSettingsToggle {
  enabled: boolean;
}

export interface WebhookConfigureRequest {
  webhookUrl?: string;
}

export interface WebhookConfiguration {
  url: string | null;
  method: string | null;
  filters: string[];
}

export type WebhookMismatchReason =
  | 'not_set'
  | 'url_mismatch'
  | 'method_mismatch'
  | 'filters_mismatch'
  | 'no_conversations_service'
  | 'not_configured';

export interface WebhookStatus {
  stored: WebhookConfiguration;
  twilio: WebhookConfiguration | null;
  inSync: boolean;
  reasons: WebhookMismatchReason[];
}

export interface TestSmsRequest {
  to: string;
  body: string;
}

export interface TestSmsResult {
  sid: string;
  status: string;
}

export type AuditAction =
  | 'settings.saved'
  | 'settings.enabled'
  | 'settings.disabled'
  | 'settings.deleted'
  | 'webhook.configured'
  | 'sms.test_sent';

export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  fields: string[];
}

export interface AuditList {
  items: AuditEntry[];
}

export type HealthCheckName =
  | 'credentials'
  | 'from_number'
  | 'messaging_service'
  | 'conversations_service'
  | 'webhook';

export interface HealthCheck {
  name: HealthCheckName;
  ok: boolean;
  reason: string | null;
}

export interface TwilioHealthReport {
  healthy: boolean;
  checks: HealthCheck[];
}
