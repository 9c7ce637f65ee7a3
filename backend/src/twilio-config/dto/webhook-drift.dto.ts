import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_MISMATCH_REASONS, type WebhookDriftView, type WebhookMismatchReason } from '@twilio-config/shared';
import { WebhookConfigurationDto } from './twilio-config-responses.dto';

export class WebhookDriftViewDto implements WebhookDriftView {
  @ApiProperty({ description: 'A webhook configured by this product is stored (in enabled settings), so it is compared with Twilio' })
  monitored!: boolean;
  @ApiProperty({ description: 'Twilio differed at the last check' }) drifted!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the difference was first seen' }) since!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The last check' }) checkedAt!: string | null;
  @ApiProperty({ type: String, isArray: true, enum: WEBHOOK_MISMATCH_REASONS }) reasons!: WebhookMismatchReason[];
  @ApiProperty({ type: WebhookConfigurationDto, nullable: true, description: 'What is stored (what Repair reapplies)' }) stored!: WebhookConfigurationDto | null;
  @ApiProperty({ type: WebhookConfigurationDto, nullable: true, description: 'What Twilio held at the last check' }) twilio!: WebhookConfigurationDto | null;
}
