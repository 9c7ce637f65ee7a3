import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_ERROR_CODES, TWILIO_CAPABILITIES, type ApiErrorBody, type ApiErrorCode, type TwilioCapability } from '@twilio-config/shared';

/** The one error shape of the API, described for Swagger (the type lives in libs/shared). */
export class ApiErrorBodyDto implements ApiErrorBody {
  @ApiProperty({ type: 'integer', example: 422 }) statusCode!: number;
  @ApiProperty({ enum: API_ERROR_CODES, example: 'INVALID_TWILIO_CREDENTIALS' }) code!: ApiErrorCode;
  @ApiProperty({ example: 'Twilio rejected these credentials.' }) message!: string;
  @ApiPropertyOptional({ type: 'integer', example: 20003, description: "Twilio's own error code" }) twilioCode?: number;
  @ApiPropertyOptional({ example: 'accountSid', description: 'The request field concerned' }) field?: string;
  @ApiPropertyOptional({ enum: TWILIO_CAPABILITIES, example: 'messages', description: 'The capability the API key lacks' }) capability?: TwilioCapability;
}
