import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrorBodyDto } from '../common/errors/api-error-body.dto';
import { OptOutsService } from '../messaging/opt-outs/opt-outs.service';
import { userActor } from '../twilio-settings-store';
import { OptOutListDto, PhoneNumberParamDto } from './dto/messaging-responses.dto';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/opt-outs')
export class OptOutsController {
  constructor(private readonly optOuts: OptOutsService) {}

  @Get()
  @ApiOperation({ summary: "The organization's opted-out numbers, newest first: the product does not text them" })
  @ApiOkResponse({ type: OptOutListDto })
  list(@CurrentUser() user: AuthenticatedUser): Promise<OptOutListDto> {
    return this.optOuts.list(user.orgId);
  }

  @Delete(':phoneNumber')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Takes a number off the opt-out list (audited opt_out.removed)',
    description: "Twilio keeps its own list: until the person texts START, Twilio still refuses with 21610 (and the number comes back on this list).",
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ type: ApiErrorBodyDto, description: 'The number is not on the list (NOT_FOUND)' })
  async remove(@CurrentUser() user: AuthenticatedUser, @Param() params: PhoneNumberParamDto): Promise<void> {
    await this.optOuts.remove(user.orgId, userActor(user.sub), params.phoneNumber);
  }
}
