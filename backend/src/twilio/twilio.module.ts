import { Module } from '@nestjs/common';
import { RequestOrganizationModule } from '../auth/request-organization.module';
import { TwilioSettingsStoreModule } from '../twilio-settings-store';
import { CurrentOrganizationTwilio } from './current-organization-twilio';
import { CurrentTwilioPipe } from './current-twilio.decorator';
import { TwilioAccountProbe } from './twilio-account-probe';
import { TwilioAuthTokensAdapter } from './twilio-auth-tokens.adapter';
import { TwilioClientFactory } from './twilio-client.factory';
import { TwilioConversationsAdapter } from './twilio-conversations.adapter';
import { TwilioCredentialsValidator } from './twilio-credentials.validator';
import { TwilioMessagingAdapter } from './twilio-messaging.adapter';
import { TwilioRestClientProvider } from './twilio-rest-client.provider';
import { TwilioWebhookVerifier } from './webhook/twilio-webhook-verifier';
import { WebhookTenantLookup } from './webhook/webhook-tenant-lookup';

/**
 * The Twilio adapter (docs/architecture.md), the only code that imports the `twilio` SDK. Import
 * this module to use Twilio for an organization: inject TwilioClientFactory and call
 * `getClient(orgId)`, or one of the adapters, which answer plain objects and the API's typed errors.
 * Serving a request, inject CurrentOrganizationTwilio (or take `@CurrentTwilio()` in a handler):
 * the caller's organization's client without an org id passed around.
 * Nothing outside this module builds an SDK client or reads Twilio variables.
 */
@Module({
  imports: [TwilioSettingsStoreModule, RequestOrganizationModule],
  providers: [
    TwilioRestClientProvider,
    TwilioClientFactory,
    CurrentOrganizationTwilio,
    CurrentTwilioPipe,
    TwilioCredentialsValidator,
    TwilioConversationsAdapter,
    TwilioMessagingAdapter,
    TwilioAccountProbe,
    TwilioWebhookVerifier,
    WebhookTenantLookup,
    TwilioAuthTokensAdapter,
  ],
  exports: [
    TwilioAuthTokensAdapter,
    TwilioClientFactory,
    CurrentOrganizationTwilio,
    CurrentTwilioPipe,
    TwilioCredentialsValidator,
    TwilioConversationsAdapter,
    TwilioMessagingAdapter,
    TwilioAccountProbe,
    TwilioWebhookVerifier,
  ],
})
export class TwilioModule {}
