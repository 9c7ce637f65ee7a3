import { Injectable, Logger } from '@nestjs/common';
import type { TestSmsResult } from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { ApiError } from '../common/errors/api-error';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import { CurrentOrganizationTwilio } from '../twilio/current-organization-twilio';
import { TwilioMessagingAdapter, type SmsToSend } from '../twilio/twilio-messaging.adapter';
import { MessageDeliveryService } from './delivery/message-delivery.service';
import { OptOutsService } from './opt-outs/opt-outs.service';

/** Twilio's "Attempt to send to unsubscribed recipient" (https://www.twilio.com/docs/api/errors/21610). */
const TWILIO_UNSUBSCRIBED_RECIPIENT = 21610;

/**
 * Sends SMS for an organization through its own Twilio configuration, counted per organization:
 * never to a number on its opt-out list, and always asking Twilio for signed status callbacks.
 */
@Injectable()
export class MessagingService {
  private readonly logger = new Logger(MessagingService.name);

  constructor(
    private readonly messaging: TwilioMessagingAdapter,
    private readonly deliveries: MessageDeliveryService,
    private readonly optOuts: OptOutsService,
    private readonly currentTwilio: CurrentOrganizationTwilio,
    @InjectMetric(TWILIO_METRICS.smsSent) private readonly smsSent: Counter<'org_id'>,
    @InjectMetric(TWILIO_METRICS.smsFailed) private readonly smsFailed: Counter<'org_id'>,
  ) {}

  /** Serving a request: sends for the caller's organization (the verified token's), as sendSms does. */
  sendSmsForCurrentOrganization(sms: SmsToSend): Promise<TestSmsResult> {
    return this.sendSms(this.currentTwilio.orgId, sms);
  }

  /**
   * Uses the organization's Messaging Service when it has one, its from number otherwise. The
   * organization is named: for jobs and commands, or a caller that already knows it. A listed
   * recipient answers 422 RECIPIENT_OPTED_OUT without calling Twilio; Twilio's 21610 lists it.
   */
  async sendSms(orgId: string, sms: SmsToSend): Promise<TestSmsResult> {
    const sender = await this.messaging.senderFor(orgId);
    await this.optOuts.assertMayText(orgId, sms.to);
    let message: TestSmsResult;
    try {
      message = await sender.send({ ...sms, statusCallback: this.deliveries.statusCallbackUrl() });
    } catch (error) {
      this.smsFailed.inc({ org_id: orgId });
      if (error instanceof ApiError && error.details.twilioCode === TWILIO_UNSUBSCRIBED_RECIPIENT) {
        await this.optOuts.optOut(orgId, sms.to, 'twilio_21610');
      }
      throw error;
    }
    this.smsSent.inc({ org_id: orgId });
    try {
      await this.deliveries.recordSent(orgId, { ...message, to: sms.to });
    } catch (error) {
      // The message is on its way: answer it. Its status callbacks create the record when they come.
      this.logger.warn({ orgId, messageSid: message.sid, err: (error as Error).message }, 'Could not record the sent message');
    }
    this.logger.log({ orgId, messageSid: message.sid, status: message.status }, 'SMS sent');
    return message;
  }
}
