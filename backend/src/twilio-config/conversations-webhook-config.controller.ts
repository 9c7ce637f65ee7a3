import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE, twilioSidExample, WEBHOOK_URL_RULE_MESSAGE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { PayloadTooLargeError } from '../common/errors/request-body-parsers';
import { BODY_REQUIRED_MESSAGE, ValidationFailedError } from '../common/validation/validation.pipe';
import { CredentialsUnreadableError, SettingsSyncFailedError, userActor } from '../twilio-settings-store';
import { twilioErrorExamples } from '../twilio/twilio-error.examples';
import { NoConversationsServiceError, TwilioDisabledError, TwilioNotConfiguredError } from '../twilio/twilio.errors';
import { ConversationsWebhookConfigService } from './conversations-webhook-config.service';
import { WebhookStatusDto } from './dto/twilio-config-responses.dto';
import { WebhookConfigureDto } from './dto/webhook-configure.dto';

const SERVICE_SID_EXAMPLE = twilioSidExample('conversationsService');

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/webhook')
export class ConversationsWebhookConfigController {
  constructor(private readonly webhooks: ConversationsWebhookConfigService) {}

  @Post('configure')
  @HttpCode(200)
  @ApiOperation({ summary: "Point the Conversations Service's webhook at this API (POST, the five event filters)" })
  @ApiOkResponse({ type: WebhookStatusDto })
  @ApiErrors(
    new ValidationFailedError(`webhookUrl ${WEBHOOK_URL_RULE_MESSAGE}`, 'webhookUrl'),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    new TwilioNotConfiguredError(),
    new TwilioDisabledError(),
    new NoConversationsServiceError(),
    twilioErrorExamples.resourceGone('configure the Conversations webhook', `/Services/${SERVICE_SID_EXAMPLE}/Configuration/Webhooks`),
    ...twilioErrorExamples.anyCall('configure the Conversations webhook'),
    twilioErrorExamples.capabilityMissing('configure the Conversations webhook', 'webhook'),
    new CredentialsUnreadableError(),
    new SettingsSyncFailedError(),
  )
  configure(@CurrentUser() user: AuthenticatedUser, @Body() body: WebhookConfigureDto): Promise<WebhookStatusDto> {
    return this.webhooks.configure(user.orgId, userActor(user.sub), body.webhookUrl ?? undefined);
  }

  @Get('status')
  @ApiOperation({ summary: 'The webhook as stored and as Twilio reports it now, and why they differ' })
  @ApiOkResponse({ type: WebhookStatusDto })
  @ApiErrors(
    new TwilioNotConfiguredError(),
    new TwilioDisabledError(),
    new NoConversationsServiceError(),
    twilioErrorExamples.resourceGone('read the Conversations webhook', `/Services/${SERVICE_SID_EXAMPLE}/Configuration/Webhooks`),
    ...twilioErrorExamples.anyCall('read the Conversations webhook'),
    twilioErrorExamples.capabilityMissing('read the Conversations webhook', 'webhook'),
    new CredentialsUnreadableError(),
  )
  status(@CurrentUser() user: AuthenticatedUser): Promise<WebhookStatusDto> {
    return this.webhooks.status(user.orgId);
  }
}
