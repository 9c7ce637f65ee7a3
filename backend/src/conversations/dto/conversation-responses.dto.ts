import { ApiProperty } from '@nestjs/swagger';
import { E164_EXAMPLE, twilioSidExample } from '@twilio-config/shared';
import type { StoredConversationEvent } from '../conversation-events.repository';
import type { OrphanCleanupResult } from '../conversation-orphans.service';
import type { StoredConversation } from '../conversations.repository';
import { CONVERSATION_STATES, type ConversationState } from '../schemas/conversation.schema';

export class ConversationViewDto {
  @ApiProperty({ example: E164_EXAMPLE }) phoneNumber!: string;
  @ApiProperty({ type: String, nullable: true, example: twilioSidExample('conversation'), description: 'Null while it is being created' })
  conversationSid!: string | null;
  @ApiProperty({ enum: CONVERSATION_STATES, description: '`removed`: the Twilio conversation no longer exists' }) state!: ConversationState;
  @ApiProperty({ type: String, nullable: true, description: 'Token subject of the support user in charge' }) assignee!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) assignedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: string;

  static of(conversation: StoredConversation): ConversationViewDto {
    return {
      phoneNumber: conversation.phoneNumber,
      conversationSid: conversation.conversationSid,
      state: conversation.state,
      assignee: conversation.assignee,
      assignedAt: conversation.assignedAt?.toISOString() ?? null,
      createdAt: conversation.createdAt.toISOString(),
      updatedAt: conversation.updatedAt.toISOString(),
    };
  }
}

export class ConversationListDto {
  @ApiProperty({ type: [ConversationViewDto], description: 'Most recently changed first' }) items!: ConversationViewDto[];
}

export class ConversationEventFieldDto {
  @ApiProperty({ example: 'MessagingBinding.Address' }) name!: string;
  @ApiProperty() value!: string;
}

export class ConversationEventViewDto {
  @ApiProperty({ example: 'onMessageAdded' }) eventType!: string;
  @ApiProperty({ type: String, nullable: true }) conversationSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) messageSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) participantSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) author!: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The message's text (onMessageAdded)" }) body!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'SDK' }) source!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ type: [ConversationEventFieldDto], description: 'Every parameter as Twilio sent it' }) fields!: ConversationEventFieldDto[];

  static of(event: StoredConversationEvent): ConversationEventViewDto {
    return {
      eventType: event.eventType,
      conversationSid: event.conversationSid,
      messageSid: event.messageSid,
      participantSid: event.participantSid,
      author: event.author,
      body: event.body,
      source: event.source,
      receivedAt: event.receivedAt.toISOString(),
      fields: event.fields,
    };
  }
}

export class ConversationEventListDto {
  @ApiProperty({ type: [ConversationEventViewDto], description: 'Newest first' }) items!: ConversationEventViewDto[];
}

export class ConversationOrphanCleanupResultDto implements OrphanCleanupResult {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ type: [String], description: 'Twilio conversations without a local record, deleted in Twilio (or that would be)' })
  deletedInTwilio!: string[];
  @ApiProperty({ type: [String], description: 'Local conversations whose Twilio conversation is gone, marked removed (or that would be)' })
  markedRemoved!: string[];
}
