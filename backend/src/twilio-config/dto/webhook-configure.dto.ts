import { ApiPropertyOptional } from '@nestjs/swagger';
import type { WebhookConfigureRequest } from '@twilio-config/shared';
import { IsOptional, IsUrl, MaxLength } from 'class-validator';

export class WebhookConfigureDto implements WebhookConfigureRequest {
  @ApiPropertyOptional({
    example: 'https://api.example.com/api/twilio/conversations-webhook',
    description: 'Defaults to the stored URL, else {PUBLIC_BASE_URL}/api/twilio/conversations-webhook',
  })
  @IsOptional()
  @MaxLength(2048)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false }, { message: 'webhookUrl must be an http(s) URL Twilio can reach' })
  webhookUrl?: string;
}
