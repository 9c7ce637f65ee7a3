import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { AuditLog } from '../twilio-settings-store';
import { AuditListQueryDto } from './dto/audit-query.dto';
import { AuditListDto } from './dto/twilio-config-responses.dto';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({ summary: "The organization's latest configuration changes, newest first (field names only)" })
  @ApiOkResponse({ type: AuditListDto })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AuditListQueryDto): Promise<AuditListDto> {
    return this.audit.listLatest(user.orgId, query.limit);
  }
}
