import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrorBodyDto } from '../common/errors/api-error-body.dto';
import { MessageDeliveryService } from '../messaging/delivery/message-delivery.service';
import { MessagingService } from '../messaging/messaging.service';
import { RateLimited, RATE_LIMITS } from '../rate-limit/organization-rate-limit';
import { AuditLog, userActor } from '../twilio-settings-store';
import { TestSmsResultDto } from './dto/twilio-config-responses.dto';
import { TestSmsSendDto } from './dto/test-sms.dto';
import { MessageDeliveryViewDto, MessageSidParamDto } from './dto/messaging-responses.dto';

@ApiTags('twilio-config')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/twilio-config/test')
export class TestSmsController {
  constructor(
    private readonly messaging: MessagingService,
    private readonly deliveries: MessageDeliveryService,
    private readonly audit: AuditLog,
  ) {}

  @Post('sms')
  @HttpCode(200)
  @RateLimited(RATE_LIMITS.testSms)
  @ApiOperation({ summary: "Send a test SMS through the organization's configuration" })
  @ApiOkResponse({ type: TestSmsResultDto, description: 'The message SID and status as Twilio reported them' })
  @ApiUnprocessableEntityResponse({
    type: ApiErrorBodyDto,
    description: "Twilio refused (TWILIO_REJECTED with Twilio's code), or the recipient opted out (RECIPIENT_OPTED_OUT, Twilio not called)",
  })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'NOT_CONFIGURED or DISABLED' })
  async send(@CurrentUser() user: AuthenticatedUser, @Body() body: TestSmsSendDto): Promise<TestSmsResultDto> {
    const result = await this.messaging.sendSms(user.orgId, body);
    await this.audit.record(user.orgId, userActor(user.sub), 'sms.test_sent', ['to', 'body']);
    return result;
  }

  @Get('sms/:sid')
  @ApiOperation({ summary: "A sent message's delivery as Twilio last reported it through a signed status callback" })
  @ApiOkResponse({ type: MessageDeliveryViewDto })
  @ApiNotFoundResponse({ type: ApiErrorBodyDto, description: 'No message with this SID was sent by the organization (NOT_FOUND)' })
  delivery(@CurrentUser() user: AuthenticatedUser, @Param() params: MessageSidParamDto): Promise<MessageDeliveryViewDto> {
    return this.deliveries.view(user.orgId, params.sid);
  }
}
