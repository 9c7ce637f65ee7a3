import { Injectable } from '@nestjs/common';
import { SingleFlightLruCache } from '../../common/cache/single-flight-lru-cache';
import { SettingsChangeBus, TwilioSettingsRepository, type StoredTwilioSettingsWithSecrets } from '../../twilio-settings-store';
import { CLIENT_CACHE_TTL_MS } from '../twilio-client.factory';

/**
 * What the webhook verifier needs of one organization whose settings use an account: whom the
 * request is for (its Conversations Service, Messaging Service or number; enabled or not) and the
 * sealed Auth Token to check the signature with. Nothing else of the settings is kept.
 */
export type WebhookTenant = Pick<StoredTwilioSettingsWithSecrets, 'orgId' | 'enabled' | 'conversationsServiceSid' | 'messagingServiceSid' | 'fromNumber'> & {
  secrets: Pick<StoredTwilioSettingsWithSecrets['secrets'], 'authToken'>;
};

/** One entry per Twilio account seen by the webhooks (an account is usually one organization). */
const CACHED_ACCOUNTS_MAX = 10_000;

/**
 * The webhook's tenant lookup by AccountSid, cached: reading twilio_settings on every post is a
 * collection scan on FerretDB (docs/architecture.md, "Conversation events"). An entry lives no
 * longer than the adapter's cached clients, and any settings change (here or on another instance,
 * through the settings-change bus) drops every entry: a change can move an organization to another
 * account, whose entry — even an empty one — would otherwise name the wrong tenants. So the next
 * webhook after a save, a DELETE or a token promotion is checked against the settings as stored.
 */
@Injectable()
export class WebhookTenantLookup {
  private readonly byAccount = new SingleFlightLruCache<WebhookTenant[]>({ max: CACHED_ACCOUNTS_MAX, ttlMs: CLIENT_CACHE_TTL_MS });

  constructor(
    private readonly settings: TwilioSettingsRepository,
    settingsChanges: SettingsChangeBus,
  ) {
    settingsChanges.subscribe(
      () => this.byAccount.invalidateAll(),
      () => this.byAccount.invalidateAll(),
    );
  }

  /** The organizations whose settings use this Twilio account (usually one; none for an unknown account). */
  findByAccountSid(accountSid: string): Promise<WebhookTenant[]> {
    return this.byAccount.getOrLoad(accountSid, async () => (await this.settings.findWithSecretsByAccountSid(accountSid)).map(toWebhookTenant));
  }
}

function toWebhookTenant(settings: StoredTwilioSettingsWithSecrets): WebhookTenant {
  const { orgId, enabled, conversationsServiceSid, messagingServiceSid, fromNumber } = settings;
  return { orgId, enabled, conversationsServiceSid, messagingServiceSid, fromNumber, secrets: { authToken: settings.secrets.authToken } };
}
