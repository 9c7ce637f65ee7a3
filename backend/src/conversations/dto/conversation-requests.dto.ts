import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { E164_EXAMPLE, E164_PATTERN, twilioSidExample, twilioSidPattern } from '@twilio-config/shared';
import { IsBoolean, IsDefined, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { IsE164, IsOmittable, IsTwilioSid } from '../../common/validation/twilio-rules.decorators';
import { ORPHAN_MIN_AGE_MINUTES_DEFAULT } from '../conversation-orphans.service';

const LIST_LIMIT_DEFAULT = 50;
const LIST_LIMIT_MAX = 200;

export class ConversationFindOrCreateDto {
  @ApiProperty({ example: E164_EXAMPLE, pattern: E164_PATTERN.source, description: "The customer's number, E.164" })
  @IsE164()
  phoneNumber!: string;
}

export class ConversationListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: LIST_LIMIT_DEFAULT, minimum: 1, maximum: LIST_LIMIT_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_LIMIT_MAX)
  limit: number = LIST_LIMIT_DEFAULT;

  @ApiPropertyOptional({ example: 'auth0|64f0c0ffee', minLength: 1, maxLength: 200, description: 'Only the conversations assigned to this user (token subject)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  assignee?: string;
}

export class ConversationEventListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: LIST_LIMIT_DEFAULT, minimum: 1, maximum: LIST_LIMIT_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_LIMIT_MAX)
  limit: number = LIST_LIMIT_DEFAULT;

  @ApiPropertyOptional({ example: twilioSidExample('conversation'), pattern: twilioSidPattern('conversation').source, description: "Only this conversation's events" })
  @IsOptional()
  @IsTwilioSid('conversation')
  conversationSid?: string;
}

export class ConversationSidParamsDto {
  @ApiProperty({ example: twilioSidExample('conversation'), pattern: twilioSidPattern('conversation').source })
  @IsTwilioSid('conversation')
  conversationSid!: string;
}

export class ConversationAssigneeUpdateDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'auth0|64f0c0ffee',
    minLength: 1,
    maxLength: 200,
    description: "The support user's token subject (sub) who takes the conversation; null leaves it unassigned",
  })
  @IsDefined()
  @ValidateIf((_dto, value) => value !== null)
  @IsString()
  @Length(1, 200)
  assignee!: string | null;
}

export class ConversationOrphanCleanupDto {
  // Required: a clean-up deletes in Twilio, so it runs only when asked for in so many words.
  @ApiProperty({ example: true, description: 'true: report what would be cleaned up and change nothing; false: clean up' })
  @IsBoolean()
  dryRun!: boolean;

  @ApiPropertyOptional({
    type: 'integer',
    default: ORPHAN_MIN_AGE_MINUTES_DEFAULT,
    minimum: 0,
    maximum: 10080,
    description: 'Leave Twilio conversations younger than this alone',
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(10080)
  minAgeMinutes: number = ORPHAN_MIN_AGE_MINUTES_DEFAULT;
}
