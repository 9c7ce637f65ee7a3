import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { E164_EXAMPLE, E164_RULE_MESSAGE, SMS_BODY_RULE_MESSAGE, SUPPORT_ROLE, twilioSidRuleMessage } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { PayloadTooLargeError } from '../common/errors/request-body-parsers';
import { BODY_REQUIRED_MESSAGE, ValidationFailedError } from '../common/validation/validation.pipe';
import { MessageDeliveryService } from '../messaging/delivery/message-delivery.service';
import { MessageDeliveryNotFoundError, RecipientOptedOutError } from '../messaging/messaging.errors';
import { MessagingService } from '../messaging/messaging.service';
import { RateLimited, RATE_LIMITS } from '../rate-limit/organization-rate-limit';
import { AuditLog, CredentialsUnreadableError, userActor } from '../twilio-settings-store';
import { twilioErrorExamples } from '../twilio/twilio-error.examples';
import { NoSmsSenderError, TwilioDisabledError, TwilioNotConfiguredError } from '../twilio/twilio.errors';
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
  @ApiErrors(
    new ValidationFailedError(`to ${E164_RULE_MESSAGE}; body ${SMS_BODY_RULE_MESSAGE}`, 'to'),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    new TwilioNotConfiguredError(),
    new NoSmsSenderError(),
    new TwilioDisabledError(),
    new RecipientOptedOutError(),
    twilioErrorExamples.rejected('send the message', 21211, `The 'To' number ${E164_EXAMPLE.slice(0, -1)} is not a valid phone number.`),
    ...twilioErrorExamples.anyCall('send the message'),
    twilioErrorExamples.capabilityMissing('send the message', 'messages'),
    new CredentialsUnreadableError(),
  )
  async send(@CurrentUser() user: AuthenticatedUser, @Body() body: TestSmsSendDto): Promise<TestSmsResultDto> {
    const result = await this.messaging.sendSmsForCurrentOrganization(body);
    await this.audit.record(user.orgId, userActor(user.sub), 'sms.test_sent', ['to', 'body']);
    return result;
  }

  @Get('sms/:sid')
  @ApiOperation({ summary: "A sent message's delivery as Twilio last reported it through a signed status callback" })
  @ApiOkResponse({ type: MessageDeliveryViewDto })
  @ApiErrors(new ValidationFailedError(`sid: ${twilioSidRuleMessage('message')}`, 'sid'), new MessageDeliveryNotFoundError())
  delivery(@CurrentUser() user: AuthenticatedUser, @Param() params: MessageSidParamDto): Promise<MessageDeliveryViewDto> {
    return this.deliveries.view(user.orgId, params.sid);
  }
}
