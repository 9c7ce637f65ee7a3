import { Injectable, Logger } from '@nestjs/common';
import { maskTwilioSid } from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { InvalidTwilioSignatureError } from '../../twilio/twilio.errors';
import { paramValue } from '../../twilio/webhook/twilio-webhook-request';
import { TwilioWebhookVerifier, type InboundTwilioWebhook, type WebhookVerdict } from '../../twilio/webhook/twilio-webhook-verifier';
import { ConversationEventsService, WebhookEventsLimitError } from '../conversation-events.service';
import { CONVERSATIONS_METRICS, type WebhookRequestOutcome } from '../conversations-metrics';
import { signedContentHash } from './signed-content-hash';

/**
 * Receives the Conversations Service webhook: the adapter's verifier finds the organization and checks
 * the signature; a genuine event is stored once per idempotency token and once per signed content
 * (a captured request replayed under new tokens is a repeat), answered once it is written (group
 * commit, docs/architecture.md "Conversation events"), within the organization's bounds. A disabled organization's
 * events are still verified and, when genuine, stored: disabling stops the product using Twilio, it
 * does not make Twilio's events about existing conversations less real, and a refusal would lose them
 * (Twilio does not retry a 403).
 */
@Injectable()
export class ConversationsWebhookReceiver {
  private readonly logger = new Logger(ConversationsWebhookReceiver.name);

  constructor(
    private readonly verifier: TwilioWebhookVerifier,
    private readonly events: ConversationEventsService,
    @InjectMetric(CONVERSATIONS_METRICS.webhookRequests) private readonly requests: Counter<'outcome'>,
  ) {}

  /**
   * Resolves when the event is stored (or was already); throws InvalidTwilioSignatureError (403) when
   * it is not genuine, WebhookEventsLimitError (429) over the organization's bounds.
   */
  async receive(webhook: InboundTwilioWebhook & { idempotencyToken: string | undefined }): Promise<'accepted' | 'duplicate'> {
    const verdict = await this.verifier.verify(webhook);
    if (!verdict.verified) return this.refuse(verdict);
    const { orgId, params } = verdict;
    const keys = { idempotencyToken: webhook.idempotencyToken, signedContentHash: signedContentHash(webhook.url, params) };
    let stored: boolean;
    try {
      stored = await this.events.record(orgId, keys, params, new Date());
    } catch (error) {
      if (error instanceof WebhookEventsLimitError) {
        this.count('limited');
        // Counted in the metric; a line per refused post of a flood would flood the logs too.
        this.logger.debug({ orgId, limit: error.limit }, `Conversations webhook limited for org ${orgId}`);
      }
      throw error;
    }
    const outcome = stored ? 'accepted' : 'duplicate';
    this.count(outcome);
    this.logger.log(
      { orgId, eventType: paramValue(params, 'EventType'), conversationSid: paramValue(params, 'ConversationSid'), outcome },
      `Conversations webhook ${outcome} for org ${orgId}`,
    );
    return outcome;
  }

  private refuse({ reason, accountSid, orgId }: Extract<WebhookVerdict, { verified: false }>): never {
    this.count('rejected');
    const context = { reason, accountSid: accountSid ? maskTwilioSid(accountSid) : null, orgId };
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
