import { Injectable } from '@nestjs/common';
import type { ApiErrorCode, HealthCheck, HealthCheckName, HealthReason, TwilioHealthReport } from '@twilio-config/shared';
import { ApiError } from '../../common/errors/api-error';
import { CurrentOrganizationTwilio } from '../../twilio/current-organization-twilio';
import { TwilioAccountProbe } from '../../twilio/twilio-account-probe';
import type { TwilioOrgSettings } from '../../twilio/twilio-client.factory';
import { TwilioCapabilityMissingError } from '../../twilio/twilio.errors';
import { ConversationsWebhookConfigService } from '../conversations-webhook-config.service';

/**
 * An organization's Twilio health now: is its Auth Token accepted (the account fetch), then one
 * check per capability (TWILIO_CAPABILITIES in libs/shared), made with the API key when it has one:
 * does it own its from number, may it send, do its services exist, is the Conversations webhook in
 * sync. A capability a Restricted key lacks is `permission_missing`. Each failed check says why as a
 * code (HEALTH_REASONS in libs/shared); the console words it.
 */
@Injectable()
export class TwilioHealthService {
  constructor(
    private readonly twilio: CurrentOrganizationTwilio,
    private readonly probe: TwilioAccountProbe,
    private readonly webhooks: ConversationsWebhookConfigService,
  ) {}

  /** Serving a request: the caller's organization (the verified token's). */
  checkCurrentOrganization(): Promise<TwilioHealthReport> {
    return this.checkOrganization(this.twilio.orgId);
  }

  /** The organization named: the fleet job's way, outside any request. */
  async checkOrganization(orgId: string): Promise<TwilioHealthReport> {
    let settings: TwilioOrgSettings;
    try {
      settings = await this.twilio.forOrganization(orgId).getSettings();
    } catch (error) {
      // Settings that do not allow Twilio (409) are a finding; anything else is the API's failure.
      if (!(error instanceof ApiError) || error.statusCode !== 409) throw error;
      return report([failed('credentials', reasonOf(error))]);
    }
    const credentials = await this.check('credentials', () => this.checkCredentials(settings));
    if (!credentials.ok) return report([credentials]);
    const checks = await Promise.all([
      this.check('from_number', () => this.checkFromNumber(settings)),
      this.check('messages', () => this.checkMessages(settings)),
      this.check('messaging_service', () => this.checkMessagingService(settings)),
      this.check('conversations_service', () => this.checkConversationsService(settings)),
      this.check('webhook', () => this.checkWebhook(settings)),
    ]);
    return report([credentials, ...checks]);
  }

  private async checkCredentials(settings: TwilioOrgSettings): Promise<HealthReason | null> {
    return (await this.probe.accountStatus(settings.orgId)) === 'active' ? null : 'account_not_active';
  }

  private async checkFromNumber(settings: TwilioOrgSettings): Promise<HealthReason | null> {
    if (!settings.fromNumber) return settings.messagingServiceSid ? null : 'no_from_number';
    return (await this.probe.ownsPhoneNumber(settings.orgId, settings.fromNumber)) ? null : 'from_number_not_owned';
  }

  /** An Auth Token may send; an API key is asked (a Restricted key may lack the permission). */
  private async checkMessages(settings: TwilioOrgSettings): Promise<HealthReason | null> {
    if (settings.apiKeySid) await this.probe.mayCreateMessages(settings.orgId);
    return null;
  }

  private async checkMessagingService(settings: TwilioOrgSettings): Promise<HealthReason | null> {
    if (settings.messagingServiceSid) await this.probe.fetchMessagingService(settings.orgId, settings.messagingServiceSid);
    return null;
  }

  private async checkConversationsService(settings: TwilioOrgSettings): Promise<HealthReason | null> {
    if (settings.conversationsServiceSid) await this.probe.fetchConversationsService(settings.orgId, settings.conversationsServiceSid);
    return null;
  }

  private async checkWebhook(settings: TwilioOrgSettings): Promise<HealthReason | null> {
    if (!settings.conversationsServiceSid) return null;
    const status = await this.webhooks.status(settings.orgId);
    return status.reasons[0] ?? null;
  }

  private async check(name: HealthCheckName, run: () => Promise<HealthReason | null>): Promise<HealthCheck> {
    try {
      const reason = await run();
      return reason ? failed(name, reason) : { name, ok: true, reason: null };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return failed(name, reasonOf(error));
    }
  }
}

/** The adapter's typed errors a check can meet, as health reasons; any other is Twilio failing. */
const REASON_BY_ERROR_CODE: Partial<Record<ApiErrorCode, HealthReason>> = {
  NOT_CONFIGURED: 'not_configured',
  DISABLED: 'disabled',
  INVALID_TWILIO_CREDENTIALS: 'credentials_rejected',
  TWILIO_RESOURCE_NOT_FOUND: 'not_found_in_account',
  TWILIO_REJECTED: 'twilio_rejected',
  TWILIO_RATE_LIMITED: 'twilio_rate_limited',
  TWILIO_TIMEOUT: 'twilio_timeout',
};

function reasonOf(error: ApiError): HealthReason {
  if (error instanceof TwilioCapabilityMissingError) return 'permission_missing';
  return REASON_BY_ERROR_CODE[error.code] ?? 'twilio_unavailable';
}

function failed(name: HealthCheckName, reason: HealthReason): HealthCheck {
  return { name, ok: false, reason };
}

function report(checks: HealthCheck[]): TwilioHealthReport {
  return { healthy: checks.every((check) => check.ok), checks };
}
