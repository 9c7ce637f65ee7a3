import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditLog } from './audit/audit-log';
import { AuthTokenRotationRepository } from './auth-token-rotation/auth-token-rotation.repository';
import { AuthTokenRotationStore } from './auth-token-rotation/auth-token-rotation.store';
import { AuditRepository } from './audit/audit.repository';
import { AuditEntryRecord, AuditEntrySchema } from './schemas/audit-entry.schema';
import { TwilioSettings, TwilioSettingsSchema } from './schemas/twilio-settings.schema';
import { CredentialsCipher } from './secrets/credentials-cipher';
import { CredentialsReencryptionService } from './secrets/credentials-reencryption.service';
import { TwilioSecrets } from './secrets/twilio-secrets';
import { SettingsChangeBus } from './settings-change.bus';
import { TwilioSettingsRepository } from './twilio-settings.repository';
import { WebhookDriftRepository } from './webhook-drift.repository';

/**
 * The bottom layer (docs/architecture.md): where organizations' Twilio settings live — the
 * collections, the repository, the secrets (sealed by the cipher, opened only by TwilioSecrets),
 * the audit log and the settings-change bus. It knows nothing of Twilio's SDK or of any route.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TwilioSettings.name, schema: TwilioSettingsSchema },
      { name: AuditEntryRecord.name, schema: AuditEntrySchema },
    ]),
  ],
  providers: [
    TwilioSettingsRepository,
    AuditRepository,
    AuditLog,
    CredentialsCipher,
    TwilioSecrets,
    SettingsChangeBus,
    CredentialsReencryptionService,
    AuthTokenRotationRepository,
    AuthTokenRotationStore,
    WebhookDriftRepository,
  ],
  exports: [
    TwilioSettingsRepository,
    AuditLog,
    TwilioSecrets,
    SettingsChangeBus,
    CredentialsReencryptionService,
    AuthTokenRotationStore,
    WebhookDriftRepository,
  ],
})
export class TwilioSettingsStoreModule {}
