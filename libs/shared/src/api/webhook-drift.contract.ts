import type { WebhookConfiguration, WebhookMismatchReason } from './twilio-config.contract';

/**
 * The Conversations webhook's drift as the scheduled reconciliation last saw it
 * (`GET /api/twilio-config/webhook/drift`; `POST /api/twilio-config/webhook/repair` reapplies
 * what is stored).
 */
export interface WebhookDriftView {
  /** A webhook configuration is stored, so there is something to compare. */
  monitored: boolean;
  drifted: boolean;
  /** When the reconciliation first saw Twilio differ (kept while it goes on differing). */
  since: string | null;
  checkedAt: string | null;
  reasons: WebhookMismatchReason[];
  stored: WebhookConfiguration | null;
  /** What Twilio held at the last check. */
  twilio: WebhookConfiguration | null;
}
