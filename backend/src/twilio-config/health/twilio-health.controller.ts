import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { RequireRoles } from '../../auth';
import { ApiErrors } from '../../common/errors/api-errors.decorator';
import { CredentialsUnreadableError } from '../../twilio-settings-store';
import { TwilioHealthReportDto } from '../dto/twilio-config-responses.dto';
import { TwilioHealthService } from './twilio-health.service';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/health')
export class TwilioHealthController {
  constructor(private readonly health: TwilioHealthService) {}

  @Get()
  @ApiOperation({ summary: "The organization's Twilio health now, check by check" })
  @ApiOkResponse({ type: TwilioHealthReportDto, description: 'Also when settings are missing or Twilio refuses: each failed check says why' })
  @ApiErrors(new CredentialsUnreadableError())
  check(): Promise<TwilioHealthReportDto> {
    return this.health.checkCurrentOrganization();
  }
}
