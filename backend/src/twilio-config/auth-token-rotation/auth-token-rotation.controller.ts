import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../../auth';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { CredentialsUnreadableError, SettingsSyncFailedError, userActor } from '../../twilio-settings-store';
import { twilioErrorExamples } from '../../twilio/twilio-error.examples';
import { InvalidTwilioCredentialsError, TwilioNotConfiguredError } from '../../twilio/twilio.errors';
import { AuthTokenRotationViewDto } from '../dto/auth-token-rotation.dto';
import { AuthTokenRotationService, ROTATION_CONFLICTS, RotationStateConflictError } from './auth-token-rotation.service';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/auth-token/rotation')
export class AuthTokenRotationController {
  constructor(private readonly rotation: AuthTokenRotationService) {}

  @Get()
  @ApiOperation({ summary: "The Auth Token rotation's state (never a token)" })
  @ApiOkResponse({ type: AuthTokenRotationViewDto })
  @ApiErrors(new TwilioNotConfiguredError())
  get(@CurrentUser() user: AuthenticatedUser): Promise<AuthTokenRotationViewDto> {
    return this.rotation.view(user.orgId);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Start a rotation: Twilio creates the account's secondary Auth Token, stored encrypted (also resumes an interrupted start). A Twilio failure keeps the intent, to resume or cancel",
  })
  @ApiOkResponse({ type: AuthTokenRotationViewDto })
  @ApiErrors(
    new TwilioNotConfiguredError(),
    new RotationStateConflictError(ROTATION_CONFLICTS.alreadyUnderWay),
    new RotationStateConflictError(ROTATION_CONFLICTS.cancelledWhileStarting),
    new RotationStateConflictError(ROTATION_CONFLICTS.concurrentChange),
    ...twilioErrorExamples.anyCall('create the secondary Auth Token'),
    new CredentialsUnreadableError(),
  )
  start(@CurrentUser() user: AuthenticatedUser): Promise<AuthTokenRotationViewDto> {
    return this.rotation.start(user.orgId, userActor(user.sub));
  }

  @Post('promote')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Twilio promotes the secondary token to primary; it replaces the stored Auth Token, and signatures made with the previous one are accepted for TOKEN_ROTATION_GRACE_MINUTES (also resumes an interrupted promotion). A Twilio failure keeps the intent, to resume or cancel',
  })
  @ApiOkResponse({ type: AuthTokenRotationViewDto })
  @ApiErrors(
    new TwilioNotConfiguredError(),
    new RotationStateConflictError(ROTATION_CONFLICTS.nothingToPromote),
    new RotationStateConflictError(ROTATION_CONFLICTS.secondaryGone),
    new RotationStateConflictError(ROTATION_CONFLICTS.changedWhilePromoting),
    new RotationStateConflictError(ROTATION_CONFLICTS.concurrentChange),
    new InvalidTwilioCredentialsError(),
    ...twilioErrorExamples.anyCall('promote the secondary Auth Token'),
    new CredentialsUnreadableError(),
    new SettingsSyncFailedError(),
  )
  promote(@CurrentUser() user: AuthenticatedUser): Promise<AuthTokenRotationViewDto> {
    return this.rotation.promote(user.orgId, userActor(user.sub));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a rotation not yet promoted: the secondary token is deleted in Twilio and here' })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiErrors(
    new TwilioNotConfiguredError(),
    new RotationStateConflictError(ROTATION_CONFLICTS.nothingToCancel),
    new RotationStateConflictError(ROTATION_CONFLICTS.alreadyPromoted),
    new RotationStateConflictError(ROTATION_CONFLICTS.promotedInTwilio),
    new RotationStateConflictError(ROTATION_CONFLICTS.changedWhileCancelling),
    new RotationStateConflictError(ROTATION_CONFLICTS.concurrentChange),
    ...twilioErrorExamples.anyCall('delete the secondary Auth Token'),
    new CredentialsUnreadableError(),
  )
  cancel(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.rotation.cancel(user.orgId, userActor(user.sub));
  }
}
