import { Injectable, Logger } from '@nestjs/common';
import { E164_EXAMPLE, isE164, isTwilioSid } from '@twilio-config/shared';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';
import { operatorActor, TwilioSecrets, TwilioSettingsRepository } from '../twilio-settings-store';
import { TwilioSettingsService } from './twilio-settings.service';

export type EnvImportOutcome = 'imported' | 'unchanged';

/**
 * `npm run twilio:import-env` (README, "Operator commands"): moves the deployment's .env Twilio
 * credentials (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_MAIN) into one organization's
 * encrypted settings, validated with Twilio first, audited as the `import-env` operator command.
 * Idempotent: running it again with the same credentials changes nothing.
 */
@Injectable()
export class EnvCredentialsImportService {
  private readonly logger = new Logger(EnvCredentialsImportService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repository: TwilioSettingsRepository,
    private readonly secrets: TwilioSecrets,
    private readonly settings: TwilioSettingsService,
  ) {}

  async importInto(orgId: string): Promise<EnvImportOutcome> {
    const source = this.config.twilio.envFallback;
    if (!source) throw new ApiError(400, 'VALIDATION_FAILED', 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must be set to import them');
    if (!isTwilioSid('account', source.accountSid)) throw new ApiError(400, 'VALIDATION_FAILED', 'TWILIO_ACCOUNT_SID is not an Account SID (AC + 32 hex)');
    if (!source.fromNumber || !isE164(source.fromNumber)) {
      throw new ApiError(400, 'VALIDATION_FAILED', `TWILIO_FROM_MAIN must be set to an E.164 number, e.g. ${E164_EXAMPLE}`);
    }
    const existing = await this.repository.findWithSecretsByOrg(orgId);
    if (
      existing &&
      existing.accountSid === source.accountSid &&
      existing.fromNumber === source.fromNumber &&
      this.secrets.revealAuthToken(existing) === source.authToken
    ) {
      this.logger.log({ orgId }, `Environment credentials already imported for org: ${orgId}`);
      return 'unchanged';
    }
    await this.settings.save(orgId, operatorActor('import-env'), {
      accountSid: source.accountSid,
      authToken: source.authToken,
      fromNumber: source.fromNumber,
      messagingServiceSid: existing?.messagingServiceSid ?? undefined,
      conversationsServiceSid: existing?.conversationsServiceSid ?? undefined,
    });
    return 'imported';
  }
}
