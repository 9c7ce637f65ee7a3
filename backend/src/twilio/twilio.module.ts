import { Module } from '@nestjs/common';
import { TwilioSettingsStoreModule } from '../twilio-config/twilio-settings-store.module';
import { SettingsChangeBus } from './settings-change.bus';
import { ConversationsWebhookService } from './conversations-webhook.service';
import { TwilioClientFactory } from './twilio-client.factory';
import { TwilioCredentialsValidator } from './twilio-credentials.validator';
import { TwilioRestClientProvider } from './twilio-rest-client.provider';

/**
 * Import this module to use Twilio for an organization: inject TwilioClientFactory and call
 * `getClient(orgId)`. Nothing outside this module builds an SDK client or reads Twilio variables.
 */
@Module({
  imports: [TwilioSettingsStoreModule],
  providers: [
    TwilioClientFactory,
    TwilioRestClientProvider,
    SettingsChangeBus,
    TwilioCredentialsValidator,
    ConversationsWebhookService,
  ],
  exports: [TwilioClientFactory, SettingsChangeBus, TwilioCredentialsValidator, ConversationsWebhookService, TwilioRestClientProvider],
})
export class TwilioModule {}
