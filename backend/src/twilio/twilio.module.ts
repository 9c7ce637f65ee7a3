import { Module } from '@nestjs/common';
import { TwilioSettingsStoreModule } from '../twilio-settings-store';
import { TwilioAccountProbe } from './twilio-account-probe';
import { TwilioAuthTokensAdapter } from './twilio-auth-tokens.adapter';
import { TwilioClientFactory } from './twilio-client.factory';
import { TwilioConversationsAdapter } from './twilio-conversations.adapter';
import { TwilioCredentialsValidator } from './twilio-credentials.validator';
import { TwilioMessagingAdapter } from './twilio-messaging.adapter';
import { TwilioRestClientProvider } from './twilio-rest-client.provider';
import { TwilioWebhookVerifier } from './webhook/twilio-webhook-verifier';

/**
 * The Twilio adapter (docs/architecture.md), the only code that imports the `twilio` SDK. Import
 * this module to use Twilio for an organization: inject TwilioClientFactory and call
 * `getClient(orgId)`, or one of the adapters, which answer plain objects and the API's typed errors.
 * Nothing outside this module builds an SDK client or reads Twilio variables.
 */
@Module({
  imports: [TwilioSettingsStoreModule],
  providers: [
    TwilioRestClientProvider,
    TwilioClientFactory,
    TwilioCredentialsValidator,
    TwilioConversationsAdapter,
    TwilioMessagingAdapter,
    TwilioAccountProbe,
    TwilioWebhookVerifier,
    TwilioAuthTokensAdapter,
  ],
  exports: [
    TwilioAuthTokensAdapter,
    TwilioClientFactory,
    TwilioCredentialsValidator,
    TwilioConversationsAdapter,
    TwilioMessagingAdapter,
    TwilioAccountProbe,
    TwilioWebhookVerifier,
  ],
})
export class TwilioModule {}
