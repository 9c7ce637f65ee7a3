import { Injectable, Logger } from '@nestjs/common';
import type { TwilioSettingsView } from '@twilio-config/shared';
import { SingleFlightLruCache } from '../common/cache/single-flight-lru-cache';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { TwilioCredentialsValidator } from '../twilio/twilio-credentials.validator';
import { TwilioNotConfiguredError } from '../twilio/twilio.errors';
import {
  actorName,
  AuditLog,
  SettingsChangeBus,
  TwilioSecrets,
  TwilioSettingsRepository,
  type Actor,
  type StoredTwilioSettingsWithSecrets,
} from '../twilio-settings-store';
import { TwilioSettingsUpsertDto } from './dto/twilio-settings-upsert.dto';
import { toTwilioSettingsView } from './twilio-settings.view';

export class SettingsChangedError extends ApiError {
  constructor() {
    super(
      409,
      'SETTINGS_CHANGED',
      'The settings were changed or deleted while Twilio was validating these credentials, so nothing was saved. Load the settings again and save if still needed.',
    );
  }
}

const VIEW_CACHE_MAX_ORGANIZATIONS = 10_000;
const VIEW_CACHE_TTL_MS = 5 * 60_000;

/** Store, validate, enable, disable and erase an organization's Twilio credentials. */
@Injectable()
export class TwilioSettingsService {
  private readonly logger = new Logger(TwilioSettingsService.name);
  /** The settings page is read far more often than it changes; every change drops the entry on every instance. */
  private readonly views = new SingleFlightLruCache<TwilioSettingsView>({ max: VIEW_CACHE_MAX_ORGANIZATIONS, ttlMs: VIEW_CACHE_TTL_MS });

  constructor(
    private readonly repository: TwilioSettingsRepository,
    private readonly secrets: TwilioSecrets,
    private readonly validator: TwilioCredentialsValidator,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
    private readonly settingsChanges: SettingsChangeBus,
  ) {
    settingsChanges.subscribe(
      (orgId) => this.views.invalidate(orgId),
      () => this.views.invalidateAll(),
    );
  }

  getView(orgId: string): Promise<TwilioSettingsView> {
    return this.views.getOrLoad(orgId, async () => this.view(await this.repository.findWithSecretsByOrg(orgId)));
  }

  /**
   * Validates with Twilio first; only credentials Twilio accepted are saved. A secret left out is
   * kept — unless the account (or API key) changed, which needs the new one. Audited as `auditAction`
   * (`settings.imported` when the legacy import saves).
   */
  async save(orgId: string, actor: Actor, request: TwilioSettingsUpsertDto, auditAction: 'settings.saved' | 'settings.imported' = 'settings.saved'): Promise<TwilioSettingsView> {
    const existing = await this.repository.findWithSecretsByOrg(orgId);
    const authToken = request.authToken ?? this.keptAuthToken(existing, request.accountSid);
    const apiKeySecret = request.apiKeySid ? (request.apiKeySecret ?? this.keptApiKeySecret(existing, request.apiKeySid)) : null;
    if (!request.apiKeySid && request.apiKeySecret) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'apiKeySecret needs apiKeySid: give the API key SID it belongs to', { field: 'apiKeySid' });
    }

    await this.validator.validate(
      { accountSid: request.accountSid, authToken, apiKeySid: request.apiKeySid, apiKeySecret, edge: request.edge, region: request.region },
      { fromNumber: request.fromNumber, messagingServiceSid: request.messagingServiceSid, conversationsServiceSid: request.conversationsServiceSid },
    );

    const now = new Date();
    const saved = await this.repository.save(orgId, {
      accountSid: request.accountSid,
      fromNumber: request.fromNumber,
      messagingServiceSid: request.messagingServiceSid ?? null,
      conversationsServiceSid: request.conversationsServiceSid ?? null,
      apiKeySid: request.apiKeySid ?? null,
      edge: request.edge ?? null,
      region: request.region ?? null,
      validated: true,
      validatedAt: now,
      updatedAt: now,
      updatedBy: actorName(actor),
      enabledWhenCreated: true,
      secrets: this.secrets.seal(orgId, { authToken, apiKeySecret }),
    }, existing ? existing.revision : 'none');
    // Changed or deleted while Twilio validated (up to TWILIO_TIMEOUT_MS): the later change wins.
    if (!saved) throw new SettingsChangedError();
    // Audited before it is announced: a failed announcement (503) must not leave the change unaudited.
    await this.audit.record(orgId, actor, auditAction, Object.keys(request).filter((key) => request[key as keyof TwilioSettingsUpsertDto] !== undefined));
    await this.settingsChanges.publish(orgId);
    this.logger.log({ orgId }, `Settings saved for org: ${orgId}`);
    return this.getView(orgId);
  }

  async setEnabled(orgId: string, actor: Actor, enabled: boolean): Promise<TwilioSettingsView> {
    const found = await this.repository.setEnabled(orgId, enabled, actorName(actor), new Date());
    if (!found) throw new TwilioNotConfiguredError();
    await this.audit.record(orgId, actor, enabled ? 'settings.enabled' : 'settings.disabled', ['enabled']);
    await this.settingsChanges.publish(orgId);
    return this.getView(orgId);
  }

  /** Disables the configuration by erasing it, secrets included. Idempotent. */
  async delete(orgId: string, actor: Actor): Promise<void> {
    const deleted = await this.repository.deleteByOrg(orgId);
    if (deleted) await this.audit.record(orgId, actor, 'settings.deleted', ['authToken', 'apiKeySecret']);
    await this.settingsChanges.publish(orgId);
  }

  private view(stored: StoredTwilioSettingsWithSecrets | null): TwilioSettingsView {
    const { secrets, ...settings } = stored ?? { secrets: null };
    return toTwilioSettingsView(
      stored ? (settings as Omit<StoredTwilioSettingsWithSecrets, 'secrets'>) : null,
      { authToken: !!secrets?.authToken, apiKeySecret: !!secrets?.apiKeySecret },
      this.config.twilio.envFallbackEnabled && this.config.twilio.envFallback !== null,
    );
  }

  private keptAuthToken(existing: StoredTwilioSettingsWithSecrets | null, accountSid: string): string {
    if (!existing) throw new ApiError(400, 'VALIDATION_FAILED', 'authToken is required the first time credentials are saved', { field: 'authToken' });
    if (existing.accountSid !== accountSid) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'authToken is required when the Account SID changes', { field: 'authToken' });
    }
    return this.secrets.revealAuthToken(existing);
  }

  private keptApiKeySecret(existing: StoredTwilioSettingsWithSecrets | null, apiKeySid: string): string {
    const kept = existing?.apiKeySid === apiKeySid ? this.secrets.revealApiKeySecret(existing) : null;
    if (kept === null) throw new ApiError(400, 'VALIDATION_FAILED', 'apiKeySecret is required with a new apiKeySid', { field: 'apiKeySecret' });
    return kept;
  }
}
