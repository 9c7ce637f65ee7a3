import { ApiPropertyOptional } from '@nestjs/swagger';
import { WEBHOOK_URL_EXAMPLE, WEBHOOK_URL_MAX_LENGTH, type WebhookConfigureRequest } from '@twilio-config/shared';
import { IsOptional } from 'class-validator';
import { IsWebhookUrl } from '../../common/validation/twilio-rules.decorators';

export class WebhookConfigureDto implements WebhookConfigureRequest {
  @ApiPropertyOptional({
    example: WEBHOOK_URL_EXAMPLE,
    type: String,
    nullable: true,
    format: 'uri',
    maxLength: WEBHOOK_URL_MAX_LENGTH,
    description: 'Left out or null: the stored URL, else {PUBLIC_BASE_URL}/api/twilio/conversations-webhook',
  })
  @IsOptional()
  @IsWebhookUrl()
  webhookUrl?: string | null;
}
