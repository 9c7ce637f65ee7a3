import { Injectable } from '@nestjs/common';
import type { TestSmsResult } from '@twilio-config/shared';
import type { TwilioRestClient } from './twilio-rest-client.provider';
import { TwilioClientFactory } from './twilio-client.factory';
import { credentialLabel } from './twilio-credentials';
import { translateTwilioError } from './twilio-error.translator';
import { NoSmsSenderError } from './twilio.errors';

export interface SmsToSend {
  to: string;
  body: string;
  /** Where Twilio posts the message's status changes, signed (Message resource's `StatusCallback`). */
  statusCallback?: string;
}

/** Twilio's Messages resource for one organization, from the sender its settings name. */
export class OrgSmsSender {
  constructor(
    private readonly client: TwilioRestClient,
    private readonly sender: { messagingServiceSid: string } | { from: string },
    /** The credential as an answer may name it ("API key SK…1a2b"). */
    private readonly credential: string,
  ) {}

  /** What Twilio answered for the message it accepted; its refusal as the API's typed error. */
  async send(sms: SmsToSend): Promise<TestSmsResult> {
    try {
      const message = await this.client.messages.create({
        ...this.sender,
        to: sms.to,
        body: sms.body,
        ...(sms.statusCallback ? { statusCallback: sms.statusCallback } : {}),
      });
      return { sid: message.sid, status: message.status };
    } catch (error) {
      throw translateTwilioError(error, { operation: 'send the message', capability: 'messages', credential: this.credential });
    }
  }
}

/** Twilio Programmable Messaging for an organization. */
@Injectable()
export class TwilioMessagingAdapter {
  constructor(private readonly factory: TwilioClientFactory) {}

  /**
   * The organization's Messaging Service when it has one, its from number otherwise
   * (https://www.twilio.com/docs/messaging/api/message-resource#create-a-message-resource).
   * Throws the 409s of settings that do not allow sending.
   */
  async senderFor(orgId: string): Promise<OrgSmsSender> {
    const { client, settings } = await this.factory.getClient(orgId);
    const credential = credentialLabel(settings);
    if (settings.messagingServiceSid) return new OrgSmsSender(client, { messagingServiceSid: settings.messagingServiceSid }, credential);
    if (settings.fromNumber) return new OrgSmsSender(client, { from: settings.fromNumber }, credential);
    throw new NoSmsSenderError();
  }
}
