import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { E164_RULE_MESSAGE, SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { ValidationFailedError } from '../common/validation/validation.pipe';
import { OptOutNotFoundError } from '../messaging/messaging.errors';
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
  @ApiErrors(new ValidationFailedError(`phoneNumber ${E164_RULE_MESSAGE}`, 'phoneNumber'), new OptOutNotFoundError())
  async remove(@CurrentUser() user: AuthenticatedUser, @Param() params: PhoneNumberParamDto): Promise<void> {
    await this.optOuts.remove(user.orgId, userActor(user.sub), params.phoneNumber);
  }
}
