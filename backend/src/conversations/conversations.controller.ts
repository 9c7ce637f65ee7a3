import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../auth';
import { ApiErrorBodyDto } from '../common/errors/api-error-body.dto';
import { userActor } from '../twilio-settings-store';
import { ConversationEventsService } from './conversation-events.service';
import { ConversationOrphansService } from './conversation-orphans.service';
import { ConversationsService } from './conversations.service';
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
  @ApiBadRequestResponse({ type: ApiErrorBodyDto, description: 'phoneNumber is not E.164 (VALIDATION_FAILED)' })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'Twilio not configured or disabled, or no Conversations Service' })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed; nothing was linked' })
  @ApiGatewayTimeoutResponse({ type: ApiErrorBodyDto, description: 'Twilio timed out' })
  async findOrCreate(@Body() body: ConversationFindOrCreateDto): Promise<ConversationViewDto> {
    return ConversationViewDto.of(await this.conversations.findOrCreateForCurrentOrganization(body.phoneNumber));
  }

  @Get('events')
  @ApiOperation({ summary: 'Verified inbound Conversations events of the organization, newest first' })
  @ApiOkResponse({ type: ConversationEventListDto })
  async listEvents(@CurrentUser() user: AuthenticatedUser, @Query() query: ConversationEventListQueryDto): Promise<ConversationEventListDto> {
    return { items: (await this.events.list(user.orgId, query)).map(ConversationEventViewDto.of) };
  }

  @Put(':conversationSid/assignee')
  @ApiOperation({ summary: 'Reassign a conversation to a support user (token subject), or unassign it with null' })
  @ApiOkResponse({ type: ConversationViewDto })
  @ApiBadRequestResponse({ type: ApiErrorBodyDto, description: 'Bad conversation SID or assignee (VALIDATION_FAILED)' })
  @ApiNotFoundResponse({ type: ApiErrorBodyDto, description: 'The organization has no conversation with this SID (NOT_FOUND)' })
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
      "A dry run unless dryRun is false. Deletes only conversations this product named for the organization that no organization's record links or ever claimed; never one without this product's name (an earlier version's, or made by hand). Audited.",
  })
  @ApiOkResponse({ type: ConversationOrphanCleanupResultDto })
  @ApiConflictResponse({ type: ApiErrorBodyDto, description: 'Twilio not configured or disabled, or no Conversations Service' })
  @ApiBadGatewayResponse({ type: ApiErrorBodyDto, description: 'Twilio failed' })
  cleanUpOrphans(@CurrentUser() user: AuthenticatedUser, @Body() body: ConversationOrphanCleanupDto): Promise<ConversationOrphanCleanupResultDto> {
    return this.orphans.cleanUpCurrentOrganization(userActor(user.sub), body);
  }
}
