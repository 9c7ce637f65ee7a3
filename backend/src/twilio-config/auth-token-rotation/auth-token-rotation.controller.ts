import { Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../../auth';
import { ApiErrorBodyDto } from '../../common/errors/api-error-body.dto';
import { userActor } from '../../twilio-settings-store';
import { AuthTokenRotationViewDto } from '../dto/auth-token-rotation.dto';
import { AuthTokenRotationService } from './auth-token-rotation.service';

const CONFLICT = 'NOT_CONFIGURED (no settings) or ROTATION_STATE_CONFLICT (the rotation is not in a state that allows this step)';
const TWILIO_REFUSED = 'Twilio refused (INVALID_TWILIO_CREDENTIALS: the stored Auth Token no longer works); the intent is kept, to resume or cancel';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/auth-token/rotation')
export class AuthTokenRotationController {
  constructor(private readonly rotation: AuthTokenRotationService) {}

  @Get()
  @ApiOperation({ summary: "The Auth Token rotation's state (never a token)" })
  @ApiOkResponse({ type: AuthTokenRotationViewDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED' })
  get(@CurrentUser() user: AuthenticatedUser): Promise<AuthTokenRotationViewDto> {
    return this.rotation.view(user.orgId);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: "Start a rotation: Twilio creates the account's secondary Auth Token, stored encrypted (also resumes an interrupted start)" })
  @ApiOkResponse({ type: AuthTokenRotationViewDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: CONFLICT })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBodyDto, description: TWILIO_REFUSED })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed; the intent is kept, to resume or cancel' })
  @ApiGatewayTimeoutResponse({ type: ApiErrorBodyDto, description: 'Twilio timed out; the intent is kept, to resume or cancel' })
  start(@CurrentUser() user: AuthenticatedUser): Promise<AuthTokenRotationViewDto> {
    return this.rotation.start(user.orgId, userActor(user.sub));
  }

  @Post('promote')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Twilio promotes the secondary token to primary; it replaces the stored Auth Token, and signatures made with the previous one are accepted for TOKEN_ROTATION_GRACE_MINUTES (also resumes an interrupted promotion)',
  })
  @ApiOkResponse({ type: AuthTokenRotationViewDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: CONFLICT })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBodyDto, description: TWILIO_REFUSED })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed; the intent is kept, to resume or cancel' })
  @ApiGatewayTimeoutResponse({ type: ApiErrorBodyDto, description: 'Twilio timed out; the intent is kept, to resume or cancel' })
  promote(@CurrentUser() user: AuthenticatedUser): Promise<AuthTokenRotationViewDto> {
    return this.rotation.promote(user.orgId, userActor(user.sub));
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Cancel a rotation not yet promoted: the secondary token is deleted in Twilio and here' })
  @ApiNoContentResponse({ description: 'Cancelled' })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: CONFLICT })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed; the intent is kept, to resume or cancel' })
  cancel(@CurrentUser() user: AuthenticatedUser): Promise<void> {
    return this.rotation.cancel(user.orgId, userActor(user.sub));
  }
}
