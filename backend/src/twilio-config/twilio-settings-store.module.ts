import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuditEntryRecord, AuditEntrySchema } from './schemas/audit-entry.schema';
import { TwilioSettings, TwilioSettingsSchema } from './schemas/twilio-settings.schema';
import { AuditRepository } from './audit/audit.repository';
import { AuditService } from './audit/audit.service';
import { CredentialsCipher } from './secrets/credentials-cipher';
import { TwilioSettingsRepository } from './twilio-settings.repository';

/** Where organizations' Twilio settings live: the collections, their repositories and the cipher. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: TwilioSettings.name, schema: TwilioSettingsSchema },
      { name: AuditEntryRecord.name, schema: AuditEntrySchema },
    ]),
  ],
  providers: [TwilioSettingsRepository, AuditRepository, AuditService, CredentialsCipher],
  exports: [TwilioSettingsRepository, AuditService, CredentialsCipher],
})
export class TwilioSettingsStoreModule {}
