/**
 * The JSON the API answers and accepts under /api/twilio-config (README, "HTTP API" in Swagger UI).
 * The console types its HTTP calls with these; the backend's DTOs implement them and take their
 * OpenAPI enums from the lists here.
 */
import type { TwilioEdge, TwilioRegion } from '../validation/twilio-edge';
import { TWILIO_CAPABILITIES } from './twilio-capabilities.contract';

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

export const CREDENTIAL_SOURCES = ['organization', 'environment', 'none'] as const;
export type CredentialSource = (typeof CREDENTIAL_SOURCES)[number];

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
  webhookUrl?: string | null;
}

export interface WebhookConfiguration {
  url: string | null;
  method: string | null;
  filters: string[];
}

/** Why Twilio's webhook is not the one the organization configured. */
export const WEBHOOK_MISMATCH_REASONS = ['not_set', 'url_mismatch', 'method_mismatch', 'filters_mismatch'] as const;
export type WebhookMismatchReason = (typeof WEBHOOK_MISMATCH_REASONS)[number];

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

export const AUDIT_ACTIONS = [
  'settings.saved',
  'settings.enabled',
  'settings.disabled',
  'settings.deleted',
  'settings.reencrypted',
  'settings.imported',
  'webhook.configured',
  'sms.test_sent',
  'auth_token.rotation_started',
  'auth_token.promoted',
  'auth_token.rotation_cancelled',
  /** The orphan clean-up of conversations: a dry run (the default) and a run that changed things. */
  'conversations.orphans_reported',
  'conversations.orphans_cleaned',
  'conversations.deleted',
  'conversations.reassigned',
  /** A number taken off the organization's opt-out list by hand. */
  'opt_out.removed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** `GET /api/twilio-config/audit?limit=`: the default and the most one page holds. */
export const AUDIT_LIMIT_DEFAULT = 50;
export const AUDIT_LIMIT_MAX = 200;

export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  fields: string[];
}

export interface AuditList {
  items: AuditEntry[];
}

/** `credentials`: the Auth Token (it signs webhooks) and the account's status; then one check per capability. */
export const HEALTH_CHECK_NAMES = ['credentials', ...TWILIO_CAPABILITIES] as const;
export type HealthCheckName = (typeof HEALTH_CHECK_NAMES)[number];

/**
 * Why a health check failed, as a code: the console words each one. The webhook check answers
 * the first of the webhook's mismatch reasons.
 */
export const HEALTH_REASONS = [
  'not_configured',
  'disabled',
  'credentials_rejected',
  /** The API key lacks a permission this capability needs (Twilio's 70051). */
  'permission_missing',
  'account_not_active',
  'no_from_number',
  'from_number_not_owned',
  'not_found_in_account',
  'twilio_rejected',
  'twilio_rate_limited',
  'twilio_unavailable',
  'twilio_timeout',
  ...WEBHOOK_MISMATCH_REASONS,
] as const;
export type HealthReason = (typeof HEALTH_REASONS)[number];

export interface HealthCheck {
  name: HealthCheckName;
  ok: boolean;
  reason: HealthReason | null;
}

export interface TwilioHealthReport {
  healthy: boolean;
  checks: HealthCheck[];
}
