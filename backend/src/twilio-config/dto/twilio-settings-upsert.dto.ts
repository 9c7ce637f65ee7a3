import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  E164_EXAMPLE,
  E164_PATTERN,
  TWILIO_EDGE_REGION_RULE_MESSAGE,
  TWILIO_EDGES,
  TWILIO_REGIONS,
  TWILIO_SECRET_PATTERN,
  twilioSidExample,
  twilioSidPattern,
  type TwilioEdge,
  type TwilioRegion,
  type TwilioSettingsUpsert,
} from '@twilio-config/shared';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsE164, IsTwilioEdgeRegionPair, IsTwilioSecret, IsTwilioSid } from '../../common/validation/twilio-rules.decorators';

const blankToUndefined = ({ value }: { value: unknown }) => (value === '' || value === null ? undefined : value);

/** For the document: a field blankToUndefined reads as left out also takes '' and null (edge and region list ''). */
const blankOr = (pattern: RegExp) => ({ type: String, nullable: true, pattern: `^(?:${pattern.source.replace(/^\^|\$$/g, '')})?$` });

export class TwilioSettingsUpsertDto implements TwilioSettingsUpsert {
  @ApiProperty({ example: twilioSidExample('account'), pattern: twilioSidPattern('account').source, description: 'AC followed by 32 hexadecimal characters' })
  @IsTwilioSid('account')
  accountSid!: string;

  @ApiPropertyOptional({
    format: 'password',
    writeOnly: true,
    ...blankOr(TWILIO_SECRET_PATTERN),
    description: 'Required the first time and when the account changes; leave out to keep the stored one. Never returned.',
  })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsTwilioSecret()
  authToken?: string;

  @ApiProperty({ example: E164_EXAMPLE, pattern: E164_PATTERN.source, description: 'E.164: + country code and number, no spaces' })
  @IsE164()
  fromNumber!: string;

  @ApiPropertyOptional({ example: twilioSidExample('messagingService'), ...blankOr(twilioSidPattern('messagingService')), description: 'Leave out to send from fromNumber' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsTwilioSid('messagingService')
  messagingServiceSid?: string;

  @ApiPropertyOptional({ example: twilioSidExample('conversationsService'), ...blankOr(twilioSidPattern('conversationsService')), description: 'Needed for the Conversations webhook' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsTwilioSid('conversationsService')
  conversationsServiceSid?: string;

  @ApiPropertyOptional({ example: twilioSidExample('apiKey'), ...blankOr(twilioSidPattern('apiKey')), description: 'With apiKeySecret, REST calls use this key' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsTwilioSid('apiKey')
  apiKeySid?: string;

  @ApiPropertyOptional({ format: 'password', writeOnly: true, ...blankOr(TWILIO_SECRET_PATTERN), description: 'Leave out to keep the stored one. Never returned.' })
  @Transform(blankToUndefined)
  @IsOptional()
  @IsTwilioSecret()
  apiKeySecret?: string;

  @ApiPropertyOptional({ enum: ['', ...TWILIO_EDGES], nullable: true, description: `With region, or neither: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` })
  @Transform(blankToUndefined)
  @IsTwilioEdgeRegionPair()
  edge?: TwilioEdge;

  @ApiPropertyOptional({ enum: ['', ...TWILIO_REGIONS], nullable: true, description: `With edge, or neither: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` })
  @Transform(blankToUndefined)
  @IsTwilioEdgeRegionPair()
  region?: TwilioRegion;
}
