import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { HEALTH_CHECK_NAMES } from '@twilio-config/shared';
import { Public } from '../../auth/public.decorator';
import { TwilioHealthService, type TwilioFleetHealth } from './twilio-health.service';

class TwilioFleetHealthDto implements TwilioFleetHealth {
  @ApiProperty({ type: 'integer', minimum: 0 }) organizations!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) healthy!: number;
  @ApiProperty({ type: 'integer', minimum: 0 }) unhealthy!: number;
  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(HEALTH_CHECK_NAMES.map((name) => [name, { type: 'integer', minimum: 1 }])),
    additionalProperties: false,
    example: { webhook: 2 },
    description: 'Organizations failing each check (counts only)',
  })
  unhealthyByCheck!: TwilioFleetHealth['unhealthyByCheck'];
  @ApiProperty({ format: 'date-time' }) checkedAt!: string;
}

/** For monitoring: how many organizations' Twilio set-ups are healthy, never which or why. */
@ApiTags('health')
@Public()
@Controller('health/twilio')
export class TwilioFleetHealthController {
  constructor(private readonly health: TwilioHealthService) {}

  @Get()
  @ApiOperation({ summary: "Every organization's Twilio health at once, as counts (refreshed at most once a minute)" })
  @ApiOkResponse({ type: TwilioFleetHealthDto })
  check(): Promise<TwilioFleetHealthDto> {
    return this.health.checkAllOrganizations();
  }
}
