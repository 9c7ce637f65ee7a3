import { Injectable, Logger } from '@nestjs/common';
import {
  DELIVERY_ERROR_TITLES,
  isDeliveryErrorCode,
  isMessageStatus,
  isTwilioSid,
  STATUS_CALLBACK_PATH,
  type MessageDeliveryView,
} from '@twilio-config/shared';
import { AppConfig } from '../../config/app-config';
import { paramValue, type TwilioWebhookParams } from '../../twilio/webhook/twilio-webhook-request';
import { MessageDeliveryNotFoundError } from '../messaging.errors';
import { MessageDeliveriesRepository } from './message-deliveries.repository';

/**
 * Follows the delivery of the messages an organization sends: the status Twilio answered the send
 * with, then each signed status callback ("Track the Message Status of Outbound Messages",
 * https://www.twilio.com/docs/messaging/guides/track-outbound-message-status), never backwards.
 */
@Injectable()
export class MessageDeliveryService {
  private readonly logger = new Logger(MessageDeliveryService.name);

  constructor(
    private readonly deliveries: MessageDeliveriesRepository,
    private readonly config: AppConfig,
  ) {}

  /** The URL every message asks Twilio to post its status changes to. */
  statusCallbackUrl(): string {
    return `${this.config.publicBaseUrl}${STATUS_CALLBACK_PATH}`;
  }

  /** The status Twilio answered the send with (`queued`, or `accepted` through a Messaging Service). */
  async recordSent(orgId: string, message: { sid: string; status: string; to: string }): Promise<void> {
    if (!isMessageStatus(message.status)) return;
    await this.deliveries.recordStatus(orgId, { sid: message.sid, to: message.to, status: message.status, errorCode: null, at: new Date() });
  }

  /**
   * A verified status callback: MessageSid, MessageStatus, ErrorCode (for failed / undelivered), To.
   * A callback that names no message or an unknown status is ignored (logged).
   */
  async recordCallback(orgId: string, params: TwilioWebhookParams): Promise<void> {
    const sid = paramValue(params, 'MessageSid') ?? paramValue(params, 'SmsSid');
    const status = paramValue(params, 'MessageStatus') ?? paramValue(params, 'SmsStatus');
    if (!isTwilioSid('message', sid) || !isMessageStatus(status)) {
      this.logger.warn({ orgId, status }, 'Status callback ignored: no message SID or an unknown status');
      return;
    }
    const errorCode = Number.parseInt(paramValue(params, 'ErrorCode') ?? '', 10);
    const advanced = await this.deliveries.recordStatus(orgId, {
      sid,
      to: paramValue(params, 'To'),
      status,
      errorCode: Number.isFinite(errorCode) ? errorCode : null,
      at: new Date(),
    });
    this.logger.log({ orgId, messageSid: sid, status, advanced }, advanced ? 'Message status updated' : 'Message status kept (not newer)');
  }

  async view(orgId: string, sid: string): Promise<MessageDeliveryView> {
    const delivery = await this.deliveries.find(orgId, sid);
    if (!delivery) throw new MessageDeliveryNotFoundError();
    return {
      sid: delivery.sid,
      status: delivery.status,
      errorCode: delivery.errorCode,
      errorMessage: isDeliveryErrorCode(delivery.errorCode) ? DELIVERY_ERROR_TITLES[delivery.errorCode] : null,
      updatedAt: delivery.updatedAt.toISOString(),
      history: delivery.history.map((event) => ({ ...event, at: event.at.toISOString() })),
    };
  }
}
