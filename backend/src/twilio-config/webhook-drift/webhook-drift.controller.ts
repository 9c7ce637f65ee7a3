import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../../auth';
import { ApiErrorBodyDto } from '../../common/errors/api-error-body.dto';
import { userActor } from '../../twilio-settings-store';
import { WebhookDriftViewDto } from '../dto/webhook-drift.dto';
import { WebhookDriftService } from './webhook-drift.service';

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
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED' })
  get(@CurrentUser() user: AuthenticatedUser): Promise<WebhookDriftViewDto> {
    return this.drift.view(user.orgId);
  }

  @Post('repair')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reapply the stored Conversations webhook in Twilio (audited as webhook.configured), then check again' })
  @ApiOkResponse({ type: WebhookDriftViewDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED (nothing stored to reapply), DISABLED or NO_CONVERSATIONS_SERVICE' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBodyDto, description: 'Twilio refused' })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed; nothing was changed' })
  repair(@CurrentUser() user: AuthenticatedUser): Promise<WebhookDriftViewDto> {
    return this.drift.repair(user.orgId, userActor(user.sub));
  }
}
