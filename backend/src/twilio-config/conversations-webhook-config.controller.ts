import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrorBodyDto } from '../common/errors/api-error-body.dto';
import { userActor } from '../twilio-settings-store';
import { ConversationsWebhookConfigService } from './conversations-webhook-config.service';
import { WebhookStatusDto } from './dto/twilio-config-responses.dto';
import { WebhookConfigureDto } from './dto/webhook-configure.dto';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/webhook')
export class ConversationsWebhookConfigController {
  constructor(private readonly webhooks: ConversationsWebhookConfigService) {}

  @Post('configure')
  @HttpCode(200)
  @ApiOperation({ summary: "Point the Conversations Service's webhook at this API (POST, the five event filters)" })
  @ApiOkResponse({ type: WebhookStatusDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED, DISABLED or NO_CONVERSATIONS_SERVICE' })
  configure(@CurrentUser() user: AuthenticatedUser, @Body() body: WebhookConfigureDto): Promise<WebhookStatusDto> {
    return this.webhooks.configure(user.orgId, userActor(user.sub), body.webhookUrl);
  }

  @Get('status')
  @ApiOperation({ summary: 'The webhook as stored and as Twilio reports it now, and why they differ' })
  @ApiOkResponse({ type: WebhookStatusDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED, DISABLED or NO_CONVERSATIONS_SERVICE' })
  status(@CurrentUser() user: AuthenticatedUser): Promise<WebhookStatusDto> {
    return this.webhooks.status(user.orgId);
  }
}
