import { Injectable } from '@nestjs/common';
import type { HealthCheck, HealthCheckName, TwilioHealthReport } from '@twilio-config/shared';
import { ApiError } from '../common/errors/api-error';
import { ConversationsWebhookConfigService } from '../twilio-config/conversations-webhook-config.service';
import { TwilioSettingsRepository } from '../twilio-config/twilio-settings.repository';
import { TwilioClientFactory, type TwilioOrgClient } from '../twilio/twilio-client.factory';
import { translateTwilioError } from '../twilio/twilio-error.translator';

/**
 * An organization's Twilio health now: are its credentials accepted, does it own its from number,
 * do its services exist, is the Conversations webhook in sync. Each check says why it failed.
 */
@Injectable()
export class TwilioHealthService {
  constructor(
    private readonly factory: TwilioClientFactory,
    private readonly webhooks: ConversationsWebhookConfigService,
    private readonly repository: TwilioSettingsRepository,
  ) {}

  private fleetReport: { at: number; report: Promise<TwilioFleetHealth> } | null = null;

  /**
   * Every organization at once, for monitoring: counts only, so no organization's state reaches
   * anyone else. Checks run a few at a time and the answer is reused for a minute, because each
   * organization costs several Twilio calls.
   */
  checkAllOrganizations(now = Date.now()): Promise<TwilioFleetHealth> {
    if (!this.fleetReport || now - this.fleetReport.at > FLEET_REPORT_TTL_MS) {
      const report = this.runFleetCheck();
      this.fleetReport = { at: now, report };
      report.catch(() => (this.fleetReport = null));
    }
    return this.fleetReport.report;
  }

  private async runFleetCheck(): Promise<TwilioFleetHealth> {
    const orgIds = await this.repository.listOrgIds();
    const unhealthyByCheck: Partial<Record<HealthCheckName, number>> = {};
    let healthy = 0;
    for (let start = 0; start < orgIds.length; start += FLEET_CONCURRENCY) {
      const reports = await Promise.all(orgIds.slice(start, start + FLEET_CONCURRENCY).map((orgId) => this.checkOrganization(orgId)));
      for (const report of reports) {
        if (report.healthy) healthy += 1;
        for (const check of report.checks) if (!check.ok) unhealthyByCheck[check.name] = (unhealthyByCheck[check.name] ?? 0) + 1;
      }
    }
    return { organizations: orgIds.length, healthy, unhealthy: orgIds.length - healthy, unhealthyByCheck, checkedAt: new Date().toISOString() };
  }

  async checkOrganization(orgId: string): Promise<TwilioHealthReport> {
    let orgClient: TwilioOrgClient;
    try {
      orgClient = await this.factory.getClient(orgId);
    } catch (error) {
      if (!(error instanceof ApiError) || error.statusCode !== 409) throw error;
      return report([failed('credentials', error.message)]);
    }
    const credentials = await this.check('credentials', () => this.checkCredentials(orgClient));
    if (!credentials.ok) return report([credentials]);
    const checks = await Promise.all([
      this.check('from_number', () => this.checkFromNumber(orgClient)),
      this.check('messaging_service', () => this.checkMessagingService(orgClient)),
      this.check('conversations_service', () => this.checkConversationsService(orgClient)),
      this.check('webhook', () => this.checkWebhook(orgClient)),
    ]);
    return report([credentials, ...checks]);
  }

  private async checkCredentials({ client, settings }: TwilioOrgClient): Promise<string | null> {
    const account = await client.api.v2010.accounts(settings.accountSid).fetch();
    return account.status === 'active' ? null : `the Twilio account is ${account.status}`;
  }

  private async checkFromNumber({ client, settings }: TwilioOrgClient): Promise<string | null> {
    if (!settings.fromNumber) return settings.messagingServiceSid ? null : 'no from number is set';
    const numbers = await client.incomingPhoneNumbers.list({ phoneNumber: settings.fromNumber, limit: 1 });
    return numbers.length > 0 ? null : `${settings.fromNumber} is not a number of this Twilio account`;
  }

  private async checkMessagingService({ client, settings }: TwilioOrgClient): Promise<string | null> {
    if (!settings.messagingServiceSid) return null;
    await client.messaging.v1.services(settings.messagingServiceSid).fetch();
    return null;
  }

  private async checkConversationsService({ client, settings }: TwilioOrgClient): Promise<string | null> {
    if (!settings.conversationsServiceSid) return null;
    await client.conversations.v1.services(settings.conversationsServiceSid).fetch();
    return null;
  }

  private async checkWebhook({ settings }: TwilioOrgClient): Promise<string | null> {
    if (!settings.conversationsServiceSid) return null;
    const status = await this.webhooks.status(settings.orgId);
    return status.inSync ? null : status.reasons.map((reason) => WEBHOOK_REASON_WORDS[reason] ?? reason).join('; ');
  }

  private async check(name: HealthCheckName, run: () => Promise<string | null>): Promise<HealthCheck> {
    try {
      const reason = await run();
      return reason ? failed(name, reason) : { name, ok: true, reason: null };
    } catch (error) {
      const field = name === 'messaging_service' ? 'messagingServiceSid' : name === 'conversations_service' ? 'conversationsServiceSid' : undefined;
      return failed(name, translateTwilioError(error, { operation: `check ${name.replace('_', ' ')}`, field }).message);
    }
  }
}

export interface TwilioFleetHealth {
  organizations: number;
  healthy: number;
  unhealthy: number;
  /** How many organizations fail each check. */
  unhealthyByCheck: Partial<Record<HealthCheckName, number>>;
  checkedAt: string;
}

const WEBHOOK_REASON_WORDS: Record<string, string> = {
  not_set: 'Twilio has no webhook set (not_set)',
  url_mismatch: 'Twilio posts to another URL (url_mismatch)',
  method_mismatch: 'Twilio uses another HTTP method (method_mismatch)',
  filters_mismatch: 'Twilio sends other events (filters_mismatch)',
};

const FLEET_REPORT_TTL_MS = 60_000;
const FLEET_CONCURRENCY = 5;

function failed(name: HealthCheckName, reason: string): HealthCheck {
  return { name, ok: false, reason };
}

function report(checks: HealthCheck[]): TwilioHealthReport {
  return { healthy: checks.every((check) => check.ok), checks };
}
