import { ApiProperty } from '@nestjs/swagger';
import { AUTH_TOKEN_ROTATION_STATES, type AuthTokenRotationState, type AuthTokenRotationView } from '@twilio-config/shared';

export class AuthTokenRotationViewDto implements AuthTokenRotationView {
  @ApiProperty({
    enum: AUTH_TOKEN_ROTATION_STATES,
    description:
      '`starting`, `promoting` and `cancelling` are written before Twilio is called: seen afterwards, the call was interrupted; repeat it to resume, or cancel',
  })
  state!: AuthTokenRotationState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, required: false }) promotedAt?: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until when webhook signatures made with the replaced Auth Token are accepted (TOKEN_ROTATION_GRACE_MINUTES after the promotion)',
  })
  graceEndsAt!: string | null;
  @ApiProperty({ description: 'Signatures made with the replaced Auth Token are accepted now' }) previousTokenAccepted!: boolean;
}
