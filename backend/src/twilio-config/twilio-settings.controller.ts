import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrorBodyDto } from '../common/errors/api-error-body.dto';
import { RateLimited, RATE_LIMITS } from '../rate-limit/organization-rate-limit';
import { userActor } from '../twilio-settings-store';
import { TwilioSettingsToggleDto } from './dto/twilio-settings-toggle.dto';
import { TwilioSettingsUpsertDto } from './dto/twilio-settings-upsert.dto';
import { TwilioSettingsViewDto } from './dto/twilio-config-responses.dto';
import { TwilioSettingsService } from './twilio-settings.service';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/settings')
export class TwilioSettingsController {
  constructor(private readonly settings: TwilioSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The organization's Twilio settings (never a secret; the Account SID masked)" })
  @ApiOkResponse({ type: TwilioSettingsViewDto })
  get(@CurrentUser() user: AuthenticatedUser): Promise<TwilioSettingsViewDto> {
    return this.settings.getView(user.orgId);
  }

  @Post()
  @HttpCode(200)
  @RateLimited(RATE_LIMITS.credentialValidation)
  @ApiOperation({ summary: 'Validate the credentials with Twilio, then save them (secrets encrypted)' })
  @ApiOkResponse({ type: TwilioSettingsViewDto })
  @ApiBadRequestResponse({ type: ApiErrorBodyDto, description: 'A field failed validation (VALIDATION_FAILED, `field` names it)' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBodyDto, description: 'Twilio refused (INVALID_TWILIO_CREDENTIALS, TWILIO_RESOURCE_NOT_FOUND)' })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed; nothing saved' })
  @ApiGatewayTimeoutResponse({ type: ApiErrorBodyDto, description: 'Twilio timed out; nothing saved' })
  save(@CurrentUser() user: AuthenticatedUser, @Body() body: TwilioSettingsUpsertDto): Promise<TwilioSettingsViewDto> {
    return this.settings.save(user.orgId, userActor(user.sub), body);
  }

  @Put('toggle')
  @ApiOperation({ summary: "Enable or disable the organization's settings" })
  @ApiOkResponse({ type: TwilioSettingsViewDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'No settings to toggle (NOT_CONFIGURED)' })
  toggle(@CurrentUser() user: AuthenticatedUser, @Body() body: TwilioSettingsToggleDto): Promise<TwilioSettingsViewDto> {
    return this.settings.setEnabled(user.orgId, userActor(user.sub), body.enabled);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable the configuration and erase the stored secrets' })
  @ApiNoContentResponse({ description: 'Erased (also when there was nothing to erase)' })
  delete(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.settings.delete(user.orgId, userActor(user.sub));
  }
}
