import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { E164_RULE_MESSAGE, SUPPORT_ROLE, twilioEdgeRegionProblem } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { PayloadTooLargeError } from '../common/errors/request-body-parsers';
import { BODY_REQUIRED_MESSAGE, ValidationFailedError } from '../common/validation/validation.pipe';
import { RateLimited, RATE_LIMITS } from '../rate-limit/organization-rate-limit';
import { CredentialsUnreadableError, SettingsSyncFailedError, userActor } from '../twilio-settings-store';
import { twilioErrorExamples } from '../twilio/twilio-error.examples';
import { TwilioNotConfiguredError } from '../twilio/twilio.errors';
import { TwilioSettingsToggleDto } from './dto/twilio-settings-toggle.dto';
import { TwilioSettingsUpsertDto } from './dto/twilio-settings-upsert.dto';
import { TwilioSettingsViewDto } from './dto/twilio-config-responses.dto';
import { SettingsChangedError, TwilioSettingsService } from './twilio-settings.service';

/** The 400 for an edge without its region (one of the edge/region pair rules in libs/shared). */
const EDGE_REGION_PROBLEM = twilioEdgeRegionProblem('sydney', undefined) as { field: string; message: string };

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
  @ApiErrors(
    new ValidationFailedError(`fromNumber ${E164_RULE_MESSAGE}`, 'fromNumber'),
    new ValidationFailedError('authToken is required the first time credentials are saved', 'authToken'),
    new ValidationFailedError('apiKeySecret needs apiKeySid: give the API key SID it belongs to', 'apiKeySid'),
    new ValidationFailedError('accountSID: property accountSID should not exist', 'accountSID'),
    new ValidationFailedError(EDGE_REGION_PROBLEM.message, EDGE_REGION_PROBLEM.field),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    new SettingsChangedError(),
    twilioErrorExamples.unknownSid('find the Messaging Service', 'messagingServiceSid'),
    ...twilioErrorExamples.anyCall('verify the credentials'),
    twilioErrorExamples.apiKeyRejected('check sending messages'),
    twilioErrorExamples.capabilityMissing('check sending messages', 'messages'),
    new CredentialsUnreadableError(),
    new SettingsSyncFailedError(),
  )
  save(@CurrentUser() user: AuthenticatedUser, @Body() body: TwilioSettingsUpsertDto): Promise<TwilioSettingsViewDto> {
    return this.settings.save(user.orgId, userActor(user.sub), body);
  }

  @Put('toggle')
  @ApiOperation({ summary: "Enable or disable the organization's settings" })
  @ApiOkResponse({ type: TwilioSettingsViewDto })
  @ApiErrors(
    new ValidationFailedError('enabled must be a boolean value', 'enabled'),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    new TwilioNotConfiguredError(),
    new SettingsSyncFailedError(),
  )
  toggle(@CurrentUser() user: AuthenticatedUser, @Body() body: TwilioSettingsToggleDto): Promise<TwilioSettingsViewDto> {
    return this.settings.setEnabled(user.orgId, userActor(user.sub), body.enabled);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Disable the configuration and erase the stored secrets' })
  @ApiNoContentResponse({ description: 'Erased (also when there was nothing to erase)' })
  @ApiErrors(new SettingsSyncFailedError())
  delete(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.settings.delete(user.orgId, userActor(user.sub));
  }
}
