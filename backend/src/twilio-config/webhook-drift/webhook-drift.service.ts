import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { WebhookDriftView, WebhookMismatchReason } from '@twilio-config/shared';
import { Clock } from '../../common/clock';
import { ApiError } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { TwilioNotConfiguredError } from '../../twilio/twilio.errors';
import {
  TwilioSettingsRepository,
  WebhookDriftRepository,
  type Actor,
  type StoredTwilioSettings,
  type StoredWebhookDrift,
} from '../../twilio-settings-store';
import { ConversationsWebhookConfigService } from '../conversations-webhook-config.service';

const RECONCILIATION_JOB = 'conversations-webhook-reconciliation';
/** Organizations checked at once: each costs one Twilio call. */
const RECONCILIATION_CONCURRENCY = 5;

/** Repair has nothing to reapply: no webhook this product configured is stored (in enabled settings). */
export class NoStoredWebhookError extends ApiError {
  constructor() {
    super(409, 'NOT_CONFIGURED', 'No Conversations webhook is stored for this organization to reapply: configure the webhook first.');
  }
}

export interface ReconciliationSummary {
  checked: number;
  drifted: number;
}

/**
 * Compares every organization's stored Conversations webhook with Twilio's (URL, method, each
 * filter) every WEBHOOK_RECONCILE_INTERVAL_SECONDS and records when a difference began, so an edit
 * made in the Twilio Console is seen without anyone asking (docs/operations/webhook-drift.md).
 * "Repair" reapplies the stored configuration. Started, like the fleet health job, by the API's own
 * process (app.factory.ts startOperations), not by operator commands that load the same modules.
 */
@Injectable()
export class WebhookDriftService implements OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDriftService.name);
  private running: Promise<ReconciliationSummary> | null = null;

  constructor(
    private readonly settings: TwilioSettingsRepository,
    private readonly drift: WebhookDriftRepository,
    private readonly webhooks: ConversationsWebhookConfigService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Schedules the reconciliation every WEBHOOK_RECONCILE_INTERVAL_SECONDS (0 turns it off). */
  start(): void {
    const intervalMs = this.config.twilio.webhookReconcileIntervalMs;
    if (intervalMs <= 0 || this.scheduler.doesExist('interval', RECONCILIATION_JOB)) return;
    const timer = setInterval(() => void this.reconcileAll().catch((error: Error) => this.logger.error({ err: error.message }, 'Webhook reconciliation failed')), intervalMs);
    timer.unref();
    this.scheduler.addInterval(RECONCILIATION_JOB, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', RECONCILIATION_JOB)) this.scheduler.deleteInterval(RECONCILIATION_JOB);
  }

  /** Every organization with a stored webhook, a few at a time; a run still going is joined, not doubled. */
  reconcileAll(): Promise<ReconciliationSummary> {
    this.running ??= this.runReconciliation().finally(() => (this.running = null));
    return this.running;
  }

  /** Compares one organization's webhook with Twilio's and records the finding; null when it has none to compare or Twilio could not be read. */
  async reconcileOrganization(orgId: string): Promise<StoredWebhookDrift | null> {
    const stored = await this.settings.findByOrg(orgId);
    if (!isMonitored(stored)) return null;
    let status;
    try {
      status = await this.webhooks.status(orgId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Twilio unreachable or the credentials refused: health reports that; drift stays as last seen.
      this.logger.warn({ orgId, code: error.code }, 'Webhook reconciliation could not read Twilio for org');
      return null;
    }
    const previous = await this.drift.find(orgId);
    const recorded = await this.drift.record(orgId, {
      checkedAt: this.clock.now(),
      reasons: status.reasons,
      twilio: status.twilio ?? { url: null, method: null, filters: [] },
    });
    if (status.reasons.length > 0 && !previous?.since) {
      this.logger.warn({ orgId, reasons: status.reasons }, `Conversations webhook drifted for org: ${orgId}`);
    }
    return recorded;
  }

  async view(orgId: string): Promise<WebhookDriftView> {
    const stored = await this.settings.findByOrg(orgId);
    if (!stored) throw new TwilioNotConfiguredError();
    const drift = await this.drift.find(orgId);
    const monitored = isMonitored(stored);
    return {
      monitored,
      drifted: monitored && !!drift && drift.reasons.length > 0,
      since: monitored ? (drift?.since?.toISOString() ?? null) : null,
      checkedAt: drift?.checkedAt.toISOString() ?? null,
      reasons: monitored ? ((drift?.reasons ?? []) as WebhookMismatchReason[]) : [],
      stored: monitored ? { url: stored.webhook.url, method: stored.webhook.method, filters: stored.webhook.filters } : null,
      twilio: drift?.twilio ?? null,
    };
  }

  /** Reapplies the stored webhook in Twilio (audited as `webhook.configured`), then checks again. */
  async repair(orgId: string, actor: Actor): Promise<WebhookDriftView> {
    const stored = await this.settings.findByOrg(orgId);
    if (!stored) throw new TwilioNotConfiguredError();
    if (!isMonitored(stored)) {
      throw new NoStoredWebhookError();
    }
    await this.webhooks.configure(orgId, actor, stored.webhook.url as string);
    await this.reconcileOrganization(orgId);
    return this.view(orgId);
  }

  private async runReconciliation(): Promise<ReconciliationSummary> {
    const orgIds = await this.settings.listOrgIds();
    let checked = 0;
    let drifted = 0;
    for (let start = 0; start < orgIds.length; start += RECONCILIATION_CONCURRENCY) {
      const results = await Promise.all(orgIds.slice(start, start + RECONCILIATION_CONCURRENCY).map((orgId) => this.reconcileOrganization(orgId)));
      for (const result of results) {
        if (!result) continue;
        checked += 1;
        if (result.reasons.length > 0) drifted += 1;
      }
    }
    return { checked, drifted };
  }
}

/** A webhook this product configured, in enabled settings: something to compare with Twilio. */
function isMonitored(stored: StoredTwilioSettings | null): stored is StoredTwilioSettings {
  return !!stored && stored.enabled && !!stored.conversationsServiceSid && stored.webhook.configured && !!stored.webhook.url;
}
