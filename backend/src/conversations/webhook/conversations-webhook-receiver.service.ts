import { Injectable, Logger } from '@nestjs/common';
import { isTwilioSid } from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { randomBytes } from 'node:crypto';
import type { Counter } from 'prom-client';
import { ApiError } from '../../common/errors/api-error';
import { AppConfig } from '../../config/app-config';
import { CredentialsCipher } from '../../twilio-config/secrets/credentials-cipher';
import { TwilioSettingsRepository, type StoredTwilioSettingsWithSecrets } from '../../twilio-config/twilio-settings.repository';
import { ConversationEventsService } from '../conversation-events.service';
import { CONVERSATIONS_METRICS, type WebhookRequestOutcome } from '../conversations-metrics';
import { isValidTwilioSignature, paramValue, parseTwilioWebhookBody, publicWebhookUrl } from './twilio-webhook-signature';

/** An inbound webhook request, as received. */
export interface InboundTwilioWebhook {
  /** Path and query as the request arrived (only the query is used: Twilio signed the public URL). */
  url: string;
  contentType: string | undefined;
  rawBody: Buffer | undefined;
  signature: string | undefined;
  idempotencyToken: string | undefined;
}

/**
 * The one answer to every refused webhook, whatever the reason: it must not tell a caller whether
 * the account exists, which service it has or which check failed.
 */
export class InvalidTwilioSignatureError extends ApiError {
  constructor() {
    super(403, 'FORBIDDEN', 'Invalid Twilio signature');
  }
}

type RefusalReason = 'unsupported_body' | 'unknown_account' | 'service_mismatch' | 'ambiguous_service' | 'unreadable_token' | 'invalid_signature';

/** Verifies the time of an HMAC for requests that name no known organization, so timing does not tell either. */
const DECOY_TOKEN = randomBytes(16).toString('hex');

/**
 * Receives the Conversations Service webhook: finds the organization by AccountSid and ChatServiceSid,
 * checks `X-Twilio-Signature` with that organization's Auth Token against the public webhook URL, and
 * stores the event once per idempotency token. A disabled organization's events are still verified
 * and, when genuine, stored: disabling stops the product using Twilio, it does not make Twilio's
 * events about existing conversations less real, and a refusal would lose them (Twilio does not retry a 403).
 */
@Injectable()
export class ConversationsWebhookReceiver {
  private readonly logger = new Logger(ConversationsWebhookReceiver.name);

  constructor(
    private readonly settings: TwilioSettingsRepository,
    private readonly cipher: CredentialsCipher,
    private readonly events: ConversationEventsService,
    private readonly config: AppConfig,
    @InjectMetric(CONVERSATIONS_METRICS.webhookRequests) private readonly requests: Counter<'outcome'>,
  ) {}

  /** Resolves when the event is stored (or was already); throws InvalidTwilioSignatureError (403) otherwise. */
  async receive(webhook: InboundTwilioWebhook): Promise<'accepted' | 'duplicate'> {
    const body = parseTwilioWebhookBody(webhook.contentType, webhook.rawBody);
    if (!body) return this.refuse('unsupported_body');
    const url = publicWebhookUrl(this.config.publicBaseUrl, webhook.url);
    const accountSid = paramValue(body.params, 'AccountSid');
    const chatServiceSid = paramValue(body.params, 'ChatServiceSid');

    const tenant = await this.tenantOf(accountSid, chatServiceSid);
    if (typeof tenant === 'string') {
      isValidTwilioSignature(DECOY_TOKEN, webhook.signature, url, body);
      return this.refuse(tenant, accountSid);
    }
    const authToken = this.authTokenOf(tenant);
    if (authToken === null) return this.refuse('unreadable_token', accountSid, tenant.orgId);
    if (!isValidTwilioSignature(authToken, webhook.signature, url, body)) return this.refuse('invalid_signature', accountSid, tenant.orgId);

    const stored = await this.events.record(tenant.orgId, webhook.idempotencyToken, body.params, new Date());
    const outcome = stored ? 'accepted' : 'duplicate';
    this.count(outcome);
    this.logger.log(
      { orgId: tenant.orgId, eventType: paramValue(body.params, 'EventType'), conversationSid: paramValue(body.params, 'ConversationSid'), outcome },
      `Conversations webhook ${outcome} for org ${tenant.orgId}`,
    );
    return outcome;
  }

  /**
   * The organization whose Conversations Service sent the event: its settings use the AccountSid and
   * name the ChatServiceSid. Where several do (one service shared by organizations, a misconfiguration),
   * the only enabled one gets it; otherwise nobody does.
   */
  private async tenantOf(accountSid: string | null, chatServiceSid: string | null): Promise<StoredTwilioSettingsWithSecrets | RefusalReason> {
    if (!isTwilioSid('account', accountSid)) return 'unknown_account';
    const ofAccount = await this.settings.findWithSecretsByAccountSid(accountSid);
    if (ofAccount.length === 0) return 'unknown_account';
    if (!isTwilioSid('conversationsService', chatServiceSid)) return 'service_mismatch';
    const ofService = ofAccount.filter((settings) => settings.conversationsServiceSid === chatServiceSid);
    if (ofService.length === 0) return 'service_mismatch';
    if (ofService.length === 1) return ofService[0];
    const enabled = ofService.filter((settings) => settings.enabled);
    return enabled.length === 1 ? enabled[0] : 'ambiguous_service';
  }

  private authTokenOf(settings: StoredTwilioSettingsWithSecrets): string | null {
    try {
      return this.cipher.decrypt(settings.secrets.authToken, { orgId: settings.orgId, field: 'authToken' });
    } catch {
      return null;
    }
  }

  private refuse(reason: RefusalReason, accountSid?: string | null, orgId?: string): never {
    this.count('rejected');
    const context = { reason, accountSid: accountSid ? maskSid(accountSid) : null, orgId: orgId ?? null };
    // Ours to fix: an unreadable token, an ambiguous service. Worth a look: a known account failing its
    // checks (wrong token stored, or someone trying). Noise from the internet: the rest.
    if (reason === 'unreadable_token' || reason === 'ambiguous_service') this.logger.error(context, 'Conversations webhook refused');
    else if (reason === 'invalid_signature' || reason === 'service_mismatch') this.logger.warn(context, 'Conversations webhook refused');
    else this.logger.debug(context, 'Conversations webhook refused');
    throw new InvalidTwilioSignatureError();
  }

  private count(outcome: WebhookRequestOutcome): void {
    this.requests.inc({ outcome });
  }
}

function maskSid(sid: string): string {
  return sid.length > 6 ? `${sid.slice(0, 2)}…${sid.slice(-4)}` : '…';
}
