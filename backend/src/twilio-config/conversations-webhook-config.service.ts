import { Injectable, Logger } from '@nestjs/common';
import {
  CONVERSATIONS_WEBHOOK_FILTERS,
  CONVERSATIONS_WEBHOOK_PATH,
  type WebhookConfiguration,
  type WebhookMismatchReason,
  type WebhookStatus,
} from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import { CONVERSATIONS_WEBHOOK_METHOD, TwilioConversationsAdapter } from '../twilio/twilio-conversations.adapter';
import { TwilioNotConfiguredError } from '../twilio/twilio.errors';
import {
  actorName,
  AuditLog,
  SettingsChangeBus,
  TwilioSettingsRepository,
  type Actor,
  type StoredTwilioSettings,
} from '../twilio-settings-store';

/** Configures the organization's Conversations webhook in Twilio and compares it with what was stored. */
@Injectable()
export class ConversationsWebhookConfigService {
  private readonly logger = new Logger(ConversationsWebhookConfigService.name);

  constructor(
    private readonly repository: TwilioSettingsRepository,
    private readonly conversations: TwilioConversationsAdapter,
    private readonly audit: AuditLog,
    private readonly settingsChanges: SettingsChangeBus,
    private readonly config: AppConfig,
    @InjectMetric(TWILIO_METRICS.webhookConfigurationErrors) private readonly configurationErrors: Counter<'org_id'>,
  ) {}

  async configure(orgId: string, actor: Actor, webhookUrl?: string): Promise<WebhookStatus> {
    const stored = await this.requireSettings(orgId);
    const url = webhookUrl ?? stored.webhook.url ?? `${this.config.publicBaseUrl}${CONVERSATIONS_WEBHOOK_PATH}`;
    let applied: WebhookConfiguration;
    try {
      applied = await this.conversations.configureWebhook(orgId, url);
    } catch (error) {
      this.configurationErrors.inc({ org_id: orgId });
      throw error;
    }
    const now = new Date();
    await this.repository.setWebhook(
      orgId,
      { url, configured: true, method: applied.method, filters: applied.filters, configuredAt: now },
      actorName(actor),
      now,
    );
    await this.audit.record(orgId, actor, 'webhook.configured', ['webhookUrl']);
    await this.settingsChanges.publish(orgId);
    this.logger.log({ orgId }, `Webhook configured for org ${orgId}`);
    return this.status(orgId);
  }

  async status(orgId: string): Promise<WebhookStatus> {
    const stored = await this.requireSettings(orgId);
    const expected: WebhookConfiguration = {
      url: stored.webhook.url,
      method: stored.webhook.configured ? (stored.webhook.method ?? CONVERSATIONS_WEBHOOK_METHOD) : null,
      filters: stored.webhook.configured ? stored.webhook.filters : [],
    };
    const twilio = await this.conversations.getWebhook(orgId);
    const reasons = compareWebhooks(expected, twilio);
    return { stored: expected, twilio, inSync: reasons.length === 0, reasons };
  }

  private async requireSettings(orgId: string): Promise<StoredTwilioSettings> {
    const stored = await this.repository.findByOrg(orgId);
    if (!stored) throw new TwilioNotConfiguredError();
    return stored;
  }
}

/** Why Twilio's webhook is not the one this organization configured (empty when in sync). */
function compareWebhooks(stored: WebhookConfiguration, twilio: WebhookConfiguration): WebhookMismatchReason[] {
  if (!twilio.url || !stored.url) return ['not_set'];
  const reasons: WebhookMismatchReason[] = [];
  if (twilio.url !== stored.url) reasons.push('url_mismatch');
  if ((twilio.method ?? '').toUpperCase() !== (stored.method ?? CONVERSATIONS_WEBHOOK_METHOD).toUpperCase()) reasons.push('method_mismatch');
  const expectedFilters = new Set(stored.filters.length ? stored.filters : CONVERSATIONS_WEBHOOK_FILTERS);
  const actualFilters = new Set(twilio.filters);
  if (expectedFilters.size !== actualFilters.size || [...expectedFilters].some((filter) => !actualFilters.has(filter))) {
    reasons.push('filters_mismatch');
  }
  return reasons;
}
