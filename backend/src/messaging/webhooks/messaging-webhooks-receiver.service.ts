import { Injectable, Logger } from '@nestjs/common';
import { isE164, maskTwilioSid, MESSAGING_WEBHOOK_PATH, optOutChangeOf, STATUS_CALLBACK_PATH } from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { InvalidTwilioSignatureError } from '../../twilio/twilio.errors';
import { paramValue } from '../../twilio/webhook/twilio-webhook-request';
import {
  TwilioWebhookVerifier,
  type InboundTwilioWebhook,
  type TwilioWebhookRoute,
  type WebhookVerdict,
} from '../../twilio/webhook/twilio-webhook-verifier';
import { MessageDeliveryService } from '../delivery/message-delivery.service';
import { OptOutsService } from '../opt-outs/opt-outs.service';
import { MESSAGING_METRICS, type MessagingWebhook, type MessagingWebhookOutcome } from './messaging-webhooks-metrics';

/** Status callbacks name the organization's sender in `From`, incoming messages in `To`. */
const STATUS_CALLBACK_ROUTE: TwilioWebhookRoute = { kind: 'messaging', path: STATUS_CALLBACK_PATH, ourNumberParam: 'From' };
const INCOMING_MESSAGE_ROUTE: TwilioWebhookRoute = { kind: 'messaging', path: MESSAGING_WEBHOOK_PATH, ourNumberParam: 'To' };

/**
 * Programmable Messaging's webhooks: message status callbacks and incoming messages. The adapter's one
 * verifier finds the organization and checks the signature; every refusal answers the same 403.
 */
@Injectable()
export class MessagingWebhooksReceiver {
  private readonly logger = new Logger(MessagingWebhooksReceiver.name);

  constructor(
    private readonly verifier: TwilioWebhookVerifier,
    private readonly deliveries: MessageDeliveryService,
    private readonly optOuts: OptOutsService,
    @InjectMetric(MESSAGING_METRICS.webhookRequests) private readonly requests: Counter<'webhook' | 'outcome'>,
  ) {}

  async receiveStatusCallback(webhook: InboundTwilioWebhook): Promise<void> {
    const verdict = await this.verifier.verify(webhook, STATUS_CALLBACK_ROUTE);
    if (!verdict.verified) return this.refuse('status_callback', verdict);
    await this.deliveries.recordCallback(verdict.orgId, verdict.params);
    this.count('status_callback', 'accepted');
  }

  /**
   * An incoming message: an opt-out keyword (or Advanced Opt-Out's `OptOutType`) lists the sender,
   * an opt-in keyword takes them off. Nothing else is done with the message.
   */
  async receiveIncomingMessage(webhook: InboundTwilioWebhook): Promise<void> {
    const verdict = await this.verifier.verify(webhook, INCOMING_MESSAGE_ROUTE);
    if (!verdict.verified) return this.refuse('incoming_message', verdict);
    const { orgId, params } = verdict;
    const from = paramValue(params, 'From');
    const optOutType = paramValue(params, 'OptOutType');
    const change = optOutChangeOf(paramValue(params, 'Body'), optOutType);
    if (change && isE164(from)) {
      if (change === 'opt_out') await this.optOuts.optOut(orgId, from, optOutType ? 'opt_out_type' : 'keyword');
      else await this.optOuts.optIn(orgId, from);
    }
    this.count('incoming_message', 'accepted');
  }

  private refuse(webhook: MessagingWebhook, { reason, accountSid, orgId }: Extract<WebhookVerdict, { verified: false }>): never {
    this.count(webhook, 'rejected');
    const what = webhook === 'status_callback' ? 'Status callback' : 'Incoming-message webhook';
    const context = { reason, accountSid: accountSid ? maskTwilioSid(accountSid) : null, orgId };
    if (reason === 'unreadable_token' || reason === 'ambiguous_service') this.logger.error(context, `${what} refused`);
    else if (reason === 'invalid_signature' || reason === 'service_mismatch') this.logger.warn(context, `${what} refused`);
    else this.logger.debug(context, `${what} refused`);
    throw new InvalidTwilioSignatureError();
  }

  private count(webhook: MessagingWebhook, outcome: MessagingWebhookOutcome): void {
    this.requests.inc({ webhook, outcome });
  }
}
