import { ApiProperty } from '@nestjs/swagger';
import { E164_EXAMPLE, E164_PATTERN, SMS_BODY_MAX_LENGTH, SMS_BODY_PATTERN, type TestSmsRequest } from '@twilio-config/shared';
import { IsE164, IsSmsBody } from '../../common/validation/twilio-rules.decorators';

export class TestSmsSendDto implements TestSmsRequest {
  @ApiProperty({ example: E164_EXAMPLE, pattern: E164_PATTERN.source, description: 'E.164 recipient' })
  @IsE164()
  to!: string;

  @ApiProperty({
    example: 'Test message from the Twilio settings',
    minLength: 1,
    maxLength: SMS_BODY_MAX_LENGTH,
    pattern: SMS_BODY_PATTERN.source,
    description: 'Not blank',
  })
  @IsSmsBody()
  body!: string;
}
