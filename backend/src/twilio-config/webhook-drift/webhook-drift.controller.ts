import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE, twilioSidExample } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../../auth';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { CredentialsUnreadableError, SettingsSyncFailedError, userActor } from '../../twilio-settings-store';
import { twilioErrorExamples } from '../../twilio/twilio-error.examples';
import { NoConversationsServiceError, TwilioDisabledError, TwilioNotConfiguredError } from '../../twilio/twilio.errors';
import { WebhookDriftViewDto } from '../dto/webhook-drift.dto';
import { NoStoredWebhookError, WebhookDriftService } from './webhook-drift.service';

const SERVICE_SID_EXAMPLE = twilioSidExample('conversationsService');

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/webhook')
export class WebhookDriftController {
  constructor(private readonly drift: WebhookDriftService) {}

  @Get('drift')
  @ApiOperation({
    summary: "How Twilio's Conversations webhook differed from the stored one at the last scheduled check (every WEBHOOK_RECONCILE_INTERVAL_SECONDS), and since when",
  })
  @ApiOkResponse({ type: WebhookDriftViewDto })
  @ApiErrors(new TwilioNotConfiguredError())
  get(@CurrentUser() user: AuthenticatedUser): Promise<WebhookDriftViewDto> {
    return this.drift.view(user.orgId);
  }

  @Post('repair')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reapply the stored Conversations webhook in Twilio (audited as webhook.configured), then check again' })
  @ApiOkResponse({ type: WebhookDriftViewDto })
  @ApiErrors(
    new TwilioNotConfiguredError(),
    new NoStoredWebhookError(),
    new TwilioDisabledError(),
    new NoConversationsServiceError(),
    twilioErrorExamples.resourceGone('configure the Conversations webhook', `/Services/${SERVICE_SID_EXAMPLE}/Configuration/Webhooks`),
    ...twilioErrorExamples.anyCall('configure the Conversations webhook'),
    twilioErrorExamples.capabilityMissing('configure the Conversations webhook', 'webhook'),
    new CredentialsUnreadableError(),
    new SettingsSyncFailedError(),
  )
  repair(@CurrentUser() user: AuthenticatedUser): Promise<WebhookDriftViewDto> {
    return this.drift.repair(user.orgId, userActor(user.sub));
  }
}
