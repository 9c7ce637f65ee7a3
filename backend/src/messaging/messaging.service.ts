import { Injectable, Logger } from '@nestjs/common';
import type { TestSmsResult } from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import { CurrentOrganizationTwilio } from '../twilio/current-organization-twilio';
import { TwilioMessagingAdapter, type SmsToSend } from '../twilio/twilio-messaging.adapter';

/** Sends SMS for an organization through its own Twilio configuration, counted per organization. */
@Injectable()
export class MessagingService {
  private readonly logger = new Logger(MessagingService.name);

  constructor(
    private readonly messaging: TwilioMessagingAdapter,
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
   * organization is named: for jobs and commands, or a caller that already knows it.
   */
  async sendSms(orgId: string, sms: SmsToSend): Promise<TestSmsResult> {
    const sender = await this.messaging.senderFor(orgId);
    let message: TestSmsResult;
    try {
      message = await sender.send(sms);
    } catch (error) {
      this.smsFailed.inc({ org_id: orgId });
      throw error;
    }
    this.smsSent.inc({ org_id: orgId });
    this.logger.log({ orgId, messageSid: message.sid, status: message.status }, 'SMS sent');
    return message;
  }
}
