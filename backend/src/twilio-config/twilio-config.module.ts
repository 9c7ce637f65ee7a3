import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module';
import { RateLimitModule } from '../rate-limit/rate-limit.module';
import { TwilioModule } from '../twilio/twilio.module';
import { TwilioSettingsStoreModule } from '../twilio-settings-store';
import { AuditController } from './audit.controller';
import { AuthTokenRotationController } from './auth-token-rotation/auth-token-rotation.controller';
import { AuthTokenRotationService } from './auth-token-rotation/auth-token-rotation.service';
import { ConversationsWebhookConfigController } from './conversations-webhook-config.controller';
import { ConversationsWebhookConfigService } from './conversations-webhook-config.service';
import { EnvCredentialsImportService } from './env-credentials-import.service';
import { OptOutsController } from './opt-outs.controller';
import { TwilioFleetHealthJob } from './health/twilio-fleet-health.job';
import { TwilioHealthController } from './health/twilio-health.controller';
import { TwilioHealthService } from './health/twilio-health.service';
import { LegacySettingsImportService } from './legacy-import/legacy-settings-import.service';
import { TestSmsController } from './test-sms.controller';
import { TwilioSettingsController } from './twilio-settings.controller';
import { TwilioSettingsService } from './twilio-settings.service';
import { WebhookDriftController } from './webhook-drift/webhook-drift.controller';
import { WebhookDriftService } from './webhook-drift/webhook-drift.service';

/**
 * The support staff's routes under /api/twilio-config (health included) and the fleet health job
 * whose result the operations listener serves: a feature (docs/architecture.md) over the settings
 * store and the Twilio adapter.
 */
@Module({
  imports: [TwilioSettingsStoreModule, TwilioModule, MessagingModule, RateLimitModule],
  controllers: [
    TwilioSettingsController,
    ConversationsWebhookConfigController,
    TestSmsController,
    OptOutsController,
    AuditController,
    TwilioHealthController,
    AuthTokenRotationController,
    WebhookDriftController,
  ],
  providers: [
    TwilioSettingsService,
    ConversationsWebhookConfigService,
    EnvCredentialsImportService,
    TwilioHealthService,
    TwilioFleetHealthJob,
    LegacySettingsImportService,
    AuthTokenRotationService,
    WebhookDriftService,
  ],
  exports: [EnvCredentialsImportService, TwilioFleetHealthJob, LegacySettingsImportService],
})
export class TwilioConfigModule {}
