import { Injectable, Logger } from '@nestjs/common';
import type { TwilioSettingsView } from '@twilio-config/shared';
import type { AuthenticatedUser } from '../auth';
import { SingleFlightLruCache } from '../common/cache/single-flight-lru-cache';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { TwilioClientFactory } from '../twilio/twilio-client.factory';
import { SettingsChangeBus } from '../twilio/settings-change.bus';
import { TwilioCredentialsValidator } from '../twilio/twilio-credentials.validator';
import { AuditService } from './audit/audit.service';
import { TwilioSettingsUpsertDto } from './dto/twilio-settings-upsert.dto';
import { CredentialsCipher } from './secrets/credentials-cipher';
import { TwilioSettingsRepository, type StoredTwilioSettingsWithSecrets } from './twilio-settings.repository';
import { toTwilioSettingsView } from './twilio-settings.view';

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
    private readonly cipher: CredentialsCipher,
    private readonly validator: TwilioCredentialsValidator,
    private readonly factory: TwilioClientFactory,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    settingsChanges: SettingsChangeBus,
  ) {
    settingsChanges.onInvalidate((orgId) => this.views.invalidate(orgId));
  }

  getView(orgId: string): Promise<TwilioSettingsView> {
    return this.views.getOrLoad(orgId, async () => this.view(await this.repository.findWithSecretsByOrg(orgId)));
  }

  /**
   * Validates with Twilio first; only credentials Twilio accepted are saved. A secret left out is
   * kept — unless the account (or API key) changed, which needs the new one.
   */
  async save(user: AuthenticatedUser, request: TwilioSettingsUpsertDto): Promise<TwilioSettingsView> {
    const { orgId } = user;
    const existing = await this.repository.findWithSecretsByOrg(orgId);
    const authToken = request.authToken ?? this.keptAuthToken(existing, request.accountSid);
    const apiKeySecret = request.apiKeySid
      ? (request.apiKeySecret ?? this.keptApiKeySecret(existing, request.apiKeySid))
      : null;
    if (!request.apiKeySid && request.apiKeySecret) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'apiKeySecret needs apiKeySid: give the API key SID it belongs to', { field: 'apiKeySid' });
    }

    await this.validator.validate(
      { accountSid: request.accountSid, authToken, apiKeySid: request.apiKeySid, apiKeySecret, edge: request.edge, region: request.region },
      { messagingServiceSid: request.messagingServiceSid, conversationsServiceSid: request.conversationsServiceSid },
    );

    const now = new Date();
    await this.repository.save(orgId, {
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
      updatedBy: user.sub,
      enabledWhenCreated: true,
      secrets: {
        authToken: this.cipher.encrypt(authToken, { orgId, field: 'authToken' }),
        apiKeySecret: apiKeySecret ? this.cipher.encrypt(apiKeySecret, { orgId, field: 'apiKeySecret' }) : null,
      },
    });
    await this.factory.invalidateCache(orgId);
    await this.audit.record(orgId, user.sub, 'settings.saved', Object.keys(request).filter((key) => request[key as keyof TwilioSettingsUpsertDto] !== undefined));
    this.logger.log({ orgId }, `Settings saved for org: ${orgId}`);
    return this.getView(orgId);
  }

  async setEnabled(user: AuthenticatedUser, enabled: boolean): Promise<TwilioSettingsView> {
    const found = await this.repository.setEnabled(user.orgId, enabled, user.sub, new Date());
    if (!found) throw new ApiError(409, 'NOT_CONFIGURED', 'Twilio is not configured for this organization. Save its Twilio credentials first.');
    await this.factory.invalidateCache(user.orgId);
    await this.audit.record(user.orgId, user.sub, enabled ? 'settings.enabled' : 'settings.disabled', ['enabled']);
    return this.getView(user.orgId);
  }

  /** Disables the configuration by erasing it, secrets included. Idempotent. */
  async delete(user: AuthenticatedUser): Promise<void> {
    const deleted = await this.repository.deleteByOrg(user.orgId);
    await this.factory.invalidateCache(user.orgId);
    if (deleted) await this.audit.record(user.orgId, user.sub, 'settings.deleted', ['authToken', 'apiKeySecret']);
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
    return this.cipher.decrypt(existing.secrets.authToken, { orgId: existing.orgId, field: 'authToken' });
  }

  private keptApiKeySecret(existing: StoredTwilioSettingsWithSecrets | null, apiKeySid: string): string {
    if (!existing?.secrets.apiKeySecret || existing.apiKeySid !== apiKeySid) {
      throw new ApiError(400, 'VALIDATION_FAILED', 'apiKeySecret is required with a new apiKeySid', { field: 'apiKeySecret' });
    }
    return this.cipher.decrypt(existing.secrets.apiKeySecret, { orgId: existing.orgId, field: 'apiKeySecret' });
  }
}
