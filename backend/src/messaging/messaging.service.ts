import { Injectable, Logger } from '@nestjs/common';
import type { TestSmsResult } from '@twilio-config/shared';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { ApiError } from '../common/errors/api-error';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import { TwilioClientFactory } from '../twilio/twilio-client.factory';
import { translateTwilioError } from '../twilio/twilio-error.translator';

export interface SmsToSend {
  to: string;
  body: string;
}

/** Sends SMS for an organization through its own Twilio configuration. */
@Injectable()
export class MessagingService {
  private readonly logger = new Logger(MessagingService.name);

  constructor(
    private readonly factory: TwilioClientFactory,
    @InjectMetric(TWILIO_METRICS.smsSent) private readonly smsSent: Counter<'org_id'>,
    @InjectMetric(TWILIO_METRICS.smsFailed) private readonly smsFailed: Counter<'org_id'>,
  ) {}

  /** Uses the organization's Messaging Service when it has one, its from number otherwise. */
  async sendSms(orgId: string, sms: SmsToSend): Promise<TestSmsResult> {
    const { client, settings } = await this.factory.getClient(orgId);
    const sender = settings.messagingServiceSid
      ? { messagingServiceSid: settings.messagingServiceSid }
      : settings.fromNumber
        ? { from: settings.fromNumber }
        : null;
    if (!sender) throw new ApiError(409, 'NOT_CONFIGURED', 'This organization has no from number or Messaging Service to send from.');
    try {
      const message = await client.messages.create({ ...sender, to: sms.to, body: sms.body });
      this.smsSent.inc({ org_id: orgId });
      this.logger.log({ orgId, messageSid: message.sid, status: message.status }, 'SMS sent');
      return { sid: message.sid, status: message.status };
    } catch (error) {
      this.smsFailed.inc({ org_id: orgId });
      throw translateTwilioError(error, { operation: 'send the message' });
    }
  }
}
