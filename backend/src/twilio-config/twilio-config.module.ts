import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { TwilioModule } from '../twilio/twilio.module';
import { AuditController } from './audit/audit.controller';
import { ConversationsWebhookConfigController } from './conversations-webhook-config.controller';
import { ConversationsWebhookConfigService } from './conversations-webhook-config.service';
import { TestSmsController } from './test-sms.controller';
import { TwilioSettingsController } from './twilio-settings.controller';
import { TwilioSettingsService } from './twilio-settings.service';
import { EnvCredentialsImportService } from './env-credentials-import.service';
import { CredentialsReencryptionService } from './secrets/credentials-reencryption.service';
import { TwilioSettingsStoreModule } from './twilio-settings-store.module';

/** The support staff's routes under /api/twilio-config. */
@Module({
  imports: [TwilioSettingsStoreModule, TwilioModule, MessagingModule, RateLimitModule],
  controllers: [TwilioSettingsController, ConversationsWebhookConfigController, TestSmsController, AuditController],
  providers: [TwilioSettingsService, ConversationsWebhookConfigService, EnvCredentialsImportService, CredentialsReencryptionService],
  exports: [ConversationsWebhookConfigService, EnvCredentialsImportService, CredentialsReencryptionService],
})
export class TwilioConfigModule {}
