import { ApiProperty } from '@nestjs/swagger';
import type { TwilioSettingsToggle } from '@twilio-config/shared';
import { IsBoolean } from 'class-validator';

export class TwilioSettingsToggleDto implements TwilioSettingsToggle {
  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;
}
