import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { E164_RULE_MESSAGE, SUPPORT_ROLE, twilioSidExample, twilioSidRuleMessage } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { PayloadTooLargeError } from '../common/errors/request-body-parsers';
import { BODY_REQUIRED_MESSAGE, ValidationFailedError } from '../common/validation/validation.pipe';
import { CredentialsUnreadableError, userActor } from '../twilio-settings-store';
import { SmsBindingHeldElsewhereError } from '../twilio/twilio-conversations.adapter';
import { twilioErrorExamples } from '../twilio/twilio-error.examples';
import { NoConversationsServiceError, NoFromNumberError, TwilioDisabledError, TwilioNotConfiguredError } from '../twilio/twilio.errors';
import { ConversationEventsService } from './conversation-events.service';
import { ConversationOrphansService } from './conversation-orphans.service';
import { ConversationBusyError, ConversationNotFoundError, ConversationsService } from './conversations.service';
import {
  ConversationAssigneeUpdateDto,
  ConversationEventListQueryDto,
  ConversationFindOrCreateDto,
  ConversationListQueryDto,
  ConversationOrphanCleanupDto,
  ConversationSidParamsDto,
} from './dto/conversation-requests.dto';
import {
  ConversationEventListDto,
  ConversationEventViewDto,
  ConversationListDto,
  ConversationOrphanCleanupResultDto,
  ConversationViewDto,
} from './dto/conversation-responses.dto';

/** What every route that talks to the organization's Conversations Service can answer besides its own errors. */
const CONVERSATIONS_SERVICE_ERRORS = [
  new TwilioNotConfiguredError(),
  new TwilioDisabledError(),
  new NoConversationsServiceError(),
  new CredentialsUnreadableError(),
];
const SERVICE_PATH_EXAMPLE = `/Services/${twilioSidExample('conversationsService')}/Conversations`;
const LIST_LIMIT_ERROR = new ValidationFailedError('limit must not be greater than 200', 'limit');

/** Support users' view of their organization's conversations; the organization is always the token's. */
@ApiTags('conversations')
@RequireRoles(SUPPORT_ROLE)
@Controller('api/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly events: ConversationEventsService,
    private readonly orphans: ConversationOrphansService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The organization's conversations, most recently changed first" })
  @ApiOkResponse({ type: ConversationListDto })
  @ApiErrors(LIST_LIMIT_ERROR, new ValidationFailedError('assignee must be longer than or equal to 1 characters', 'assignee'))
  async list(@CurrentUser() user: AuthenticatedUser, @Query() query: ConversationListQueryDto): Promise<ConversationListDto> {
    return { items: (await this.conversations.list(user.orgId, query)).map(ConversationViewDto.of) };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Find or create the conversation with a phone number',
    description: 'Creates it in Twilio, with the number as an SMS participant, only the first time — also when several requests ask at once.',
  })
  @ApiOkResponse({ type: ConversationViewDto })
  @ApiErrors(
    new ValidationFailedError(`phoneNumber ${E164_RULE_MESSAGE}`, 'phoneNumber'),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    ...CONVERSATIONS_SERVICE_ERRORS,
    new NoFromNumberError(),
    new ConversationBusyError(),
    new SmsBindingHeldElsewhereError('no conversation named'),
    twilioErrorExamples.resourceGone('create the conversation', SERVICE_PATH_EXAMPLE),
    ...twilioErrorExamples.anyCall('create the conversation'),
  )
  async findOrCreate(@Body() body: ConversationFindOrCreateDto): Promise<ConversationViewDto> {
    return ConversationViewDto.of(await this.conversations.findOrCreateForCurrentOrganization(body.phoneNumber));
  }

  @Get('events')
  @ApiOperation({ summary: 'Verified inbound Conversations events of the organization, newest first' })
  @ApiOkResponse({ type: ConversationEventListDto })
  @ApiErrors(LIST_LIMIT_ERROR, new ValidationFailedError(`conversationSid: ${twilioSidRuleMessage('conversation')}`, 'conversationSid'))
  async listEvents(@CurrentUser() user: AuthenticatedUser, @Query() query: ConversationEventListQueryDto): Promise<ConversationEventListDto> {
    return { items: (await this.events.list(user.orgId, query)).map(ConversationEventViewDto.of) };
  }

  @Put(':conversationSid/assignee')
  @ApiOperation({ summary: 'Reassign a conversation to a support user (token subject), or unassign it with null' })
  @ApiOkResponse({ type: ConversationViewDto })
  @ApiErrors(
    new ValidationFailedError(`conversationSid: ${twilioSidRuleMessage('conversation')}`, 'conversationSid'),
    new ValidationFailedError('assignee must be a string', 'assignee'),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    new ConversationNotFoundError(),
  )
  async reassign(
    @CurrentUser() user: AuthenticatedUser,
    @Param() params: ConversationSidParamsDto,
    @Body() body: ConversationAssigneeUpdateDto,
  ): Promise<ConversationViewDto> {
    return ConversationViewDto.of(await this.conversations.reassign(user.orgId, params.conversationSid, body.assignee, user.sub));
  }

  @Post('orphans/cleanup')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reconcile with Twilio: delete Twilio conversations nothing could own, mark local ones whose Twilio conversation is gone',
    description:
      "dryRun is required: true reports what would change and changes nothing, false cleans up. Deletes only conversations this product named for the organization that no organization's record links or ever claimed; never one without this product's name (an earlier version's, or made by hand). Audited.",
  })
  @ApiOkResponse({ type: ConversationOrphanCleanupResultDto })
  @ApiErrors(
    new ValidationFailedError('dryRun must be a boolean value', 'dryRun'),
    new ValidationFailedError(BODY_REQUIRED_MESSAGE),
    new PayloadTooLargeError(),
    ...CONVERSATIONS_SERVICE_ERRORS,
    twilioErrorExamples.resourceGone('list the conversations', SERVICE_PATH_EXAMPLE),
    ...twilioErrorExamples.anyCall('list the conversations'),
  )
  cleanUpOrphans(@CurrentUser() user: AuthenticatedUser, @Body() body: ConversationOrphanCleanupDto): Promise<ConversationOrphanCleanupResultDto> {
    return this.orphans.cleanUpCurrentOrganization(userActor(user.sub), body);
  }
}
