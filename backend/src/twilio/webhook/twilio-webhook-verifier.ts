import { Injectable } from '@nestjs/common';
import { CONVERSATIONS_WEBHOOK_PATH, isTwilioSid } from '@twilio-config/shared';
import { randomBytes } from 'node:crypto';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { AuthTokenRotationStore, TwilioSecrets } from '../../twilio-settings-store';
import {
  isValidTwilioSignature,
  paramValue,
  parseTwilioWebhookBody,
  publicWebhookUrl,
  type TwilioWebhookBody,
  type TwilioWebhookParams,
} from './twilio-webhook-request';
import { WebhookTenantLookup, type WebhookTenant } from './webhook-tenant-lookup';

/** An inbound webhook request, as received. */
export interface InboundTwilioWebhook {
  /** Path and query as the request arrived (only the query is used: Twilio signed the public URL). */
  url: string;
  contentType: string | undefined;
  rawBody: Buffer | undefined;
  signature: string | undefined;
}

export type WebhookRefusalReason =
  | 'unsupported_body'
  | 'unknown_account'
  | 'service_mismatch'
  | 'ambiguous_service'
  | 'unreadable_token'
  | 'invalid_signature';

export type WebhookVerdict =
  | { verified: true; orgId: string; params: TwilioWebhookParams }
  | { verified: false; reason: WebhookRefusalReason; accountSid: string | null; orgId: string | null };

/**
 * Which of Twilio's webhooks a request is: the public path Twilio signed, and how to find the
 * organization. Conversations events name the organization's Conversations Service; Programmable
 * Messaging's (status callbacks, incoming messages) name the account and the organization's sender:
 * its Messaging Service (`MessagingServiceSid`) or its number (`From` of a status callback, `To` of
 * an incoming message).
 */
export type TwilioWebhookRoute =
  | { kind: 'conversations'; path: string }
  | { kind: 'messaging'; path: string; ourNumberParam: 'From' | 'To' };

export const CONVERSATIONS_WEBHOOK_ROUTE: TwilioWebhookRoute = { kind: 'conversations', path: CONVERSATIONS_WEBHOOK_PATH };

/** Verifies the time of an HMAC for requests that name no known organization, so timing does not tell either. */
const DECOY_TOKEN = randomBytes(16).toString('hex');

/**
 * The one webhook verifier: finds the organization whose Conversations Service sent the request
 * (its settings hold the AccountSid and name the ChatServiceSid) — or, for Programmable Messaging's
 * webhooks, whose account and sender it names (TwilioWebhookRoute) — and checks `X-Twilio-Signature`
 * with that organization's Auth Token against the public webhook URL
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security). The reason of a refusal is for
 * logs only: callers answer every refusal alike.
 */
@Injectable()
export class TwilioWebhookVerifier {
  /**
   * Each cached tenant's Auth Token, decrypted once (AES-GCM on every post was the verifier's largest
   * cost under load). Keyed by the WebhookTenantLookup entry itself, so it lives exactly as long: a
   * settings change, its TTL or eviction drops the entry, and the next post decrypts the token as stored
   * again. In memory only; an unreadable token is not kept.
   */
  private readonly revealedTokens = new WeakMap<WebhookTenant, string>();

  constructor(
    private readonly settings: WebhookTenantLookup,
    private readonly secrets: TwilioSecrets,
    private readonly config: AppConfig,
    private readonly rotation: AuthTokenRotationStore,
    private readonly clock: Clock,
  ) {}

  async verify(webhook: InboundTwilioWebhook, route: TwilioWebhookRoute = CONVERSATIONS_WEBHOOK_ROUTE): Promise<WebhookVerdict> {
    const body = parseTwilioWebhookBody(webhook.contentType, webhook.rawBody);
    if (!body) return refused('unsupported_body', null);
    const url = publicWebhookUrl(this.config.publicBaseUrl, webhook.url, route.path);
    const accountSid = paramValue(body.params, 'AccountSid');
    const chatServiceSid = paramValue(body.params, 'ChatServiceSid');

    const tenant =
      route.kind === 'messaging'
        ? await this.messagingTenantOf(accountSid, paramValue(body.params, 'MessagingServiceSid'), paramValue(body.params, route.ourNumberParam))
        : await this.tenantOf(accountSid, chatServiceSid);
    if (typeof tenant === 'string') {
      isValidTwilioSignature(DECOY_TOKEN, webhook.signature, url, body);
      return refused(tenant, accountSid);
    }
    const authToken = this.authTokenOf(tenant);
    if (authToken === null) return refused('unreadable_token', accountSid, tenant.orgId);
    if (!isValidTwilioSignature(authToken, webhook.signature, url, body) && !(await this.signedWithStoredToken(tenant.orgId, authToken, webhook.signature, url, body))) {
      return refused('invalid_signature', accountSid, tenant.orgId);
    }
    return { verified: true, orgId: tenant.orgId, params: body.params };
  }

  /**
   * Read only when the cached Auth Token fails: the tokens as stored. During an Auth Token rotation
   * Twilio may sign with a token other than the stored one: the secondary once Twilio promoted it
   * (before the promotion is written here), or the replaced one for requests signed just before the
   * promotion, accepted until TOKEN_ROTATION_GRACE_MINUTES after it
   * (docs/operations/auth-token-rotation.md). And right after a promotion is written, the stored
   * Auth Token is newer than this instance's cached copy until the settings-change message drops it.
   */
  private async signedWithStoredToken(
    orgId: string,
    triedToken: string,
    signature: string | undefined,
    url: string,
    body: TwilioWebhookBody,
  ): Promise<boolean> {
    if (!signature) return false;
    const tokens = await this.rotation.signatureTokens(orgId, this.clock.now());
    return tokens.some((token) => token !== triedToken && isValidTwilioSignature(token, signature, url, body));
  }

  /**
   * The organization whose Conversations Service sent the event. Where several organizations' settings
   * name it (one service shared by organizations, a misconfiguration), the only enabled one gets it;
   * otherwise nobody does.
   */
  private async tenantOf(accountSid: string | null, chatServiceSid: string | null): Promise<WebhookTenant | WebhookRefusalReason> {
    if (!isTwilioSid('account', accountSid)) return 'unknown_account';
    const ofAccount = await this.settings.findByAccountSid(accountSid);
    if (ofAccount.length === 0) return 'unknown_account';
    if (!isTwilioSid('conversationsService', chatServiceSid)) return 'service_mismatch';
    const ofService = ofAccount.filter((settings) => settings.conversationsServiceSid === chatServiceSid);
    if (ofService.length === 0) return 'service_mismatch';
    if (ofService.length === 1) return ofService[0];
    const enabled = ofService.filter((settings) => settings.enabled);
    return enabled.length === 1 ? enabled[0] : 'ambiguous_service';
  }

  /**
   * The organization whose sender a Programmable Messaging webhook is about: the only one with the
   * account, else the only one whose Messaging Service or number it names (the only enabled one of
   * those, where several do); otherwise nobody.
   */
  private async messagingTenantOf(
    accountSid: string | null,
    messagingServiceSid: string | null,
    ourNumber: string | null,
  ): Promise<WebhookTenant | WebhookRefusalReason> {
    if (!isTwilioSid('account', accountSid)) return 'unknown_account';
    const ofAccount = await this.settings.findByAccountSid(accountSid);
    if (ofAccount.length === 0) return 'unknown_account';
    if (ofAccount.length === 1) return ofAccount[0];
    const ofSender = ofAccount.filter((settings) =>
      messagingServiceSid ? settings.messagingServiceSid === messagingServiceSid : ourNumber !== null && settings.fromNumber === ourNumber,
    );
    if (ofSender.length === 0) return 'service_mismatch';
    if (ofSender.length === 1) return ofSender[0];
    const enabled = ofSender.filter((settings) => settings.enabled);
    return enabled.length === 1 ? enabled[0] : 'ambiguous_service';
  }

  private authTokenOf(settings: WebhookTenant): string | null {
    const revealed = this.revealedTokens.get(settings);
    if (revealed !== undefined) return revealed;
    try {
      const authToken = this.secrets.revealAuthToken(settings);
      this.revealedTokens.set(settings, authToken);
      return authToken;
    } catch {
      return null;
    }
  }
}

function refused(reason: WebhookRefusalReason, accountSid: string | null, orgId: string | null = null): WebhookVerdict {
  return { verified: false, reason, accountSid, orgId };
}
