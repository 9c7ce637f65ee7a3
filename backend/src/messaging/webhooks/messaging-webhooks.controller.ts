import { Controller, HttpCode, Post, Req, Res, type RawBodyRequest } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { E164_EXAMPLE, MESSAGING_WEBHOOK_PATH, OPT_OUT_TYPES, STATUS_CALLBACK_PATH, twilioSidExample } from '@twilio-config/shared';
import type { Request, Response } from 'express';
import { Public } from '../../auth';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { InvalidJsonBodyError, PayloadTooLargeError } from '../../common/errors/request-body-parsers';
import { InvalidTwilioSignatureError } from '../../twilio/twilio.errors';
import type { InboundTwilioWebhook } from '../../twilio/webhook/twilio-webhook-verifier';
import { MessagingWebhooksReceiver } from './messaging-webhooks-receiver.service';

/**
 * TwiML that does nothing: Twilio expects TwiML in answer to an incoming-message webhook, and an
 * empty `<Response>` sends no reply ("Messaging Webhooks", https://www.twilio.com/docs/usage/webhooks/messaging-webhooks).
 */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

function inboundWebhook(request: RawBodyRequest<Request>): InboundTwilioWebhook {
  return {
    url: request.originalUrl,
    contentType: request.get('content-type'),
    rawBody: request.rawBody,
    signature: request.get('x-twilio-signature'),
  };
}

const SIGNATURE_HEADER = { name: 'X-Twilio-Signature', required: true, description: "Twilio's HMAC-SHA1 signature of the request" } as const;
/**
 * 403 also for an unknown account or sender: the answer never tells which check failed. 400 is the
 * body parser's, for a JSON body that does not parse (the webhooks are form posts).
 */
const ApiWebhookErrors = () => ApiErrors(new InvalidJsonBodyError(), new InvalidTwilioSignatureError(), new PayloadTooLargeError());

@ApiTags('twilio-webhooks')
@Public()
@Controller()
export class MessagingWebhooksController {
  constructor(private readonly receiver: MessagingWebhooksReceiver) {}

  @Post(STATUS_CALLBACK_PATH)
  @HttpCode(204)
  @ApiOperation({
    summary: 'Twilio message status callback (called by Twilio, not by people)',
    description:
      "Public, but only with a valid X-Twilio-Signature made with the Auth Token of the organization whose settings hold the AccountSid (and, where several do, name the MessagingServiceSid or the From number), over {PUBLIC_BASE_URL}/api/twilio/status-callback. Records the message's status; a status never replaces a later one, so callbacks arriving out of order or repeated change nothing.",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    description: "Twilio's status callback parameters",
    schema: {
      type: 'object',
      required: ['AccountSid', 'MessageSid', 'MessageStatus'],
      additionalProperties: { type: 'string' },
      properties: {
        AccountSid: { type: 'string', example: twilioSidExample('account') },
        MessageSid: { type: 'string', example: twilioSidExample('message') },
        MessageStatus: { type: 'string', example: 'delivered' },
        ErrorCode: { type: 'string', example: '30003' },
        From: { type: 'string', example: E164_EXAMPLE },
        To: { type: 'string', example: E164_EXAMPLE },
        MessagingServiceSid: { type: 'string', example: twilioSidExample('messagingService') },
      },
    },
  })
  @ApiHeader(SIGNATURE_HEADER)
  @ApiNoContentResponse({ description: 'Recorded (or older than what is recorded, and ignored)' })
  @ApiWebhookErrors()
  async statusCallback(@Req() request: RawBodyRequest<Request>): Promise<void> {
    await this.receiver.receiveStatusCallback(inboundWebhook(request));
  }

  @Post(MESSAGING_WEBHOOK_PATH)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Twilio incoming-message webhook (called by Twilio, not by people)',
    description:
      "Public, but only with a valid X-Twilio-Signature of the organization whose settings hold the AccountSid (and, where several do, name the MessagingServiceSid or the To number), over {PUBLIC_BASE_URL}/api/twilio/messaging-webhook. Opt-out keywords (STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT) or OptOutType=STOP add the sender to the organization's opt-out list; START, YES, UNSTOP or OptOutType=START remove it. Answers empty TwiML: no reply is sent.",
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    description: "Twilio's incoming-message parameters",
    schema: {
      type: 'object',
      required: ['AccountSid', 'From', 'To', 'Body'],
      additionalProperties: { type: 'string' },
      properties: {
        AccountSid: { type: 'string', example: twilioSidExample('account') },
        MessageSid: { type: 'string', example: twilioSidExample('message') },
        From: { type: 'string', example: E164_EXAMPLE },
        To: { type: 'string', example: E164_EXAMPLE },
        Body: { type: 'string', example: 'STOP' },
        OptOutType: { type: 'string', enum: [...OPT_OUT_TYPES] },
        MessagingServiceSid: { type: 'string', example: twilioSidExample('messagingService') },
      },
    },
  })
  @ApiHeader(SIGNATURE_HEADER)
  // The TwiML's content type on its own response: @ApiProduces would give the JSON errors text/xml too.
  @ApiOkResponse({ description: 'Empty TwiML (<Response></Response>): no reply', content: { 'text/xml': { schema: { type: 'string', example: EMPTY_TWIML } } } })
  @ApiWebhookErrors()
  async incomingMessage(@Req() request: RawBodyRequest<Request>, @Res({ passthrough: true }) response: Response): Promise<string> {
    await this.receiver.receiveIncomingMessage(inboundWebhook(request));
    // Set only once accepted: a refusal stays JSON.
    response.type('text/xml');
    return EMPTY_TWIML;
  }
}
