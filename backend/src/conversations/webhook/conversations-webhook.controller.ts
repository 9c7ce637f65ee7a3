import { Controller, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONVERSATIONS_WEBHOOK_PATH, E164_EXAMPLE, twilioSidExample } from '@twilio-config/shared';
import type { Request } from 'express';
import { Public } from '../../auth';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { InvalidJsonBodyError, PayloadTooLargeError } from '../../common/errors/request-body-parsers';
import { InvalidTwilioSignatureError } from '../../twilio/twilio.errors';
import { WebhookEventsLimitError } from '../conversation-events.service';
import { ConversationsWebhookReceiver } from './conversations-webhook-receiver.service';

@ApiTags('twilio-webhooks')
@Public()
@Controller()
export class ConversationsWebhookController {
  constructor(private readonly receiver: ConversationsWebhookReceiver) {}

  @Post(CONVERSATIONS_WEBHOOK_PATH)
  @HttpCode(200)
  @ApiOperation({
    summary: "Twilio Conversations post-event webhook (called by Twilio, not by people)",
    description:
      "Public, but only with a valid X-Twilio-Signature made with the Auth Token of the organization whose settings hold the AccountSid and ChatServiceSid, over {PUBLIC_BASE_URL}/api/twilio/conversations-webhook. Form posts are signed over their parameters; JSON posts over the URL with the body's SHA-256 in `bodySHA256`. A repeated delivery (the same I-Twilio-Idempotency-Token, or the same signed content under any token) is accepted once. Answered once the event is stored.",
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    description: "Twilio's event parameters (a form post; or JSON signed with bodySHA256)",
    schema: {
      type: 'object',
      required: ['AccountSid', 'ChatServiceSid', 'EventType'],
      additionalProperties: { type: 'string' },
      properties: {
        AccountSid: { type: 'string', example: twilioSidExample('account') },
        ChatServiceSid: { type: 'string', example: twilioSidExample('conversationsService') },
        EventType: { type: 'string', example: 'onMessageAdded' },
        ConversationSid: { type: 'string', example: twilioSidExample('conversation') },
        MessageSid: { type: 'string' },
        Author: { type: 'string', example: E164_EXAMPLE },
        Body: { type: 'string' },
        RetryCount: { type: 'string', example: '0' },
      },
    },
  })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true, description: "Twilio's HMAC-SHA1 signature of the request" })
  @ApiHeader({ name: 'I-Twilio-Idempotency-Token', required: false, description: 'Same for every retry of one event' })
  @ApiOkResponse({ description: 'Accepted (stored, or already stored for this idempotency token or signed content)' })
  // 403 also for an unknown account or service: the answer never tells which check failed.
  @ApiErrors(
    new InvalidJsonBodyError(),
    new InvalidTwilioSignatureError(),
    new PayloadTooLargeError(),
    // 429 with Retry-After: the organization's stored or waiting events reached WEBHOOK_EVENTS_STORED_PER_ORG / WEBHOOK_EVENTS_PENDING_PER_ORG.
    new WebhookEventsLimitError('stored'),
    new WebhookEventsLimitError('pending'),
  )
  async receive(@Req() request: RawBodyRequest<Request>): Promise<void> {
    await this.receiver.receive({
      url: request.originalUrl,
      contentType: request.get('content-type'),
      rawBody: request.rawBody,
      signature: request.get('x-twilio-signature'),
      idempotencyToken: request.get('i-twilio-idempotency-token'),
    });
  }
}
