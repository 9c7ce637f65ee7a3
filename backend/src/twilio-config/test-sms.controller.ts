import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrorBodyDto } from '../common/errors/api-error-body.dto';
import { MessagingService } from '../messaging/messaging.service';
import { RateLimited, RATE_LIMITS } from '../rate-limit/organization-rate-limit';
import { AuditLog, userActor } from '../twilio-settings-store';
import { TestSmsResultDto } from './dto/twilio-config-responses.dto';
import { TestSmsSendDto } from './dto/test-sms.dto';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/test')
export class TestSmsController {
  constructor(
    private readonly messaging: MessagingService,
    private readonly audit: AuditLog,
  ) {}

  @Post('sms')
  @HttpCode(200)
  @RateLimited(RATE_LIMITS.testSms)
  @ApiOperation({ summary: "Send a test SMS through the organization's configuration" })
  @ApiOkResponse({ type: TestSmsResultDto, description: 'The message SID and status as Twilio reported them' })
  @ApiUnprocessableEntityResponse({ type: ApiErrorBodyDto, description: "Twilio refused (TWILIO_REJECTED with Twilio's code)" })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED or DISABLED' })
  async send(@CurrentUser() user: AuthenticatedUser, @Body() body: TestSmsSendDto): Promise<TestSmsResultDto> {
    const result = await this.messaging.sendSmsForCurrentOrganization(body);
    await this.audit.record(user.orgId, userActor(user.sub), 'sms.test_sent', ['to', 'body']);
    return result;
  }
}
