import { ApiProperty } from '@nestjs/swagger';
import {
  DELIVERY_ERROR_CODES,
  E164_EXAMPLE,
  E164_PATTERN,
  MESSAGE_STATUSES,
  OPT_OUT_SOURCES,
  twilioSidExample,
  twilioSidPattern,
  type MessageDeliveryEvent,
  type MessageDeliveryView,
  type MessageStatus,
  type OptOutEntry,
  type OptOutList,
  type OptOutSource,
} from '@twilio-config/shared';
import { IsE164, IsTwilioSid } from '../../common/validation/twilio-rules.decorators';

/** Delivery status and opt-out shapes, described for Swagger; the types and their enums live in libs/shared. */

export class MessageDeliveryEventDto implements MessageDeliveryEvent {
  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'sent' }) status!: MessageStatus;
  @ApiProperty({ type: Number, nullable: true, example: null }) errorCode!: number | null;
  @ApiProperty({ format: 'date-time', description: "When Twilio's callback for this status arrived" }) at!: string;
}

export class MessageDeliveryViewDto implements MessageDeliveryView {
  @ApiProperty({ example: twilioSidExample('message') }) sid!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES, example: 'delivered', description: 'The latest status of the message; never moves backwards' })
  status!: MessageStatus;
  @ApiProperty({ type: Number, nullable: true, example: 30003, description: `Twilio's error code (common ones: ${DELIVERY_ERROR_CODES.join(', ')})` })
  errorCode!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'Unreachable destination handset', description: "Twilio's title for a common error code" })
  errorMessage!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: [MessageDeliveryEventDto], description: 'Each status once, in the order of the message’s life' })
  history!: MessageDeliveryEventDto[];
}

export class MessageSidParamDto {
  @ApiProperty({ example: twilioSidExample('message'), pattern: twilioSidPattern('message').source })
  @IsTwilioSid('message')
  sid!: string;
}

export class OptOutEntryDto implements OptOutEntry {
  @ApiProperty({ example: E164_EXAMPLE }) phoneNumber!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiProperty({ enum: OPT_OUT_SOURCES, description: 'keyword: texted STOP (or another opt-out keyword); opt_out_type: Twilio Advanced Opt-Out; twilio_21610: Twilio refused a send' })
  source!: OptOutSource;
}

export class OptOutListDto implements OptOutList {
  @ApiProperty({ type: [OptOutEntryDto] }) items!: OptOutEntryDto[];
}

export class PhoneNumberParamDto {
  @ApiProperty({ example: E164_EXAMPLE, pattern: E164_PATTERN.source, description: 'E.164 (URL-encode the +, as %2B)' })
  @IsE164()
  phoneNumber!: string;
}
