import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AUDIT_LIMIT_MAX, SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { ValidationFailedError } from '../common/validation/validation.pipe';
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
  @ApiErrors(
    new ValidationFailedError(`limit must not be greater than ${AUDIT_LIMIT_MAX}`, 'limit'),
    new ValidationFailedError('since: property since should not exist', 'since'),
  )
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: AuditListQueryDto): Promise<AuditListDto> {
    return this.audit.listLatest(user.orgId, query.limit);
  }
}
