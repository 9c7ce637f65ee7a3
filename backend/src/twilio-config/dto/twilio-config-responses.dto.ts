import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  API_ERROR_CODES,
  type ApiErrorBody,
  type ApiErrorCode,
  type AuditAction,
  type AuditEntry,
  type AuditList,
  CONVERSATIONS_WEBHOOK_FILTERS,
  type CredentialSource,
  type HealthCheck,
  type HealthCheckName,
  type TestSmsResult,
  TWILIO_EDGES,
  TWILIO_REGIONS,
  type TwilioEdge,
  type TwilioHealthReport,
  type TwilioRegion,
  type TwilioSettingsView,
  type WebhookConfiguration,
  type WebhookMismatchReason,
  type WebhookStatus,
} from '@twilio-config/shared';

/** Response shapes, described for Swagger; the types themselves live in libs/shared. */

export class WebhookSettingsViewDto {
  @ApiProperty({ type: String, nullable: true, example: 'https://api.example.com/api/twilio/conversations-webhook' }) url!: string | null;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ description: 'Twilio accepted the configuration' }) configured!: boolean;
}

export class TwilioSettingsViewDto implements TwilioSettingsView {
  @ApiProperty({ description: 'The organization has its own settings' }) configured!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'AC…4f2a', description: 'Never the full Account SID' }) accountSidMasked!: string | null;
  @ApiProperty({ description: 'An Auth Token is stored (it is never returned)' }) hasAuthToken!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '+61412345678' }) fromNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) messagingServiceSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) conversationsServiceSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) apiKeySid!: string | null;
  @ApiProperty() hasApiKeySecret!: boolean;
  @ApiProperty({ type: String, enum: TWILIO_EDGES, nullable: true }) edge!: TwilioEdge | null;
  @ApiProperty({ type: String, enum: TWILIO_REGIONS, nullable: true }) region!: TwilioRegion | null;
  @ApiProperty() validated!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validatedAt!: string | null;
  @ApiProperty({ type: WebhookSettingsViewDto }) webhook!: WebhookSettingsViewDto;
  @ApiProperty({ enum: ['organization', 'environment', 'none'] }) credentialSource!: CredentialSource;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Token subject of the last change' }) updatedBy!: string | null;
}

export class WebhookConfigurationDto implements WebhookConfiguration {
  @ApiProperty({ type: String, nullable: true }) url!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'POST' }) method!: string | null;
  @ApiProperty({ type: [String], example: CONVERSATIONS_WEBHOOK_FILTERS }) filters!: string[];
}

export class WebhookStatusDto implements WebhookStatus {
  @ApiProperty({ type: WebhookConfigurationDto, description: 'What this organization stored' }) stored!: WebhookConfigurationDto;
  @ApiProperty({ type: WebhookConfigurationDto, nullable: true, description: 'What Twilio reports now' }) twilio!: WebhookConfigurationDto | null;
  @ApiProperty() inSync!: boolean;
  @ApiProperty({
    type: String,
    isArray: true,
    enum: ['not_set', 'url_mismatch', 'method_mismatch', 'filters_mismatch', 'no_conversations_service', 'not_configured'],
  })
  reasons!: WebhookMismatchReason[];
}

export class TestSmsResultDto implements TestSmsResult {
  @ApiProperty({ example: 'SM0123456789abcdef0123456789abcdef' }) sid!: string;
  @ApiProperty({ example: 'queued' }) status!: string;
}

export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Token subject' }) actor!: string;
  @ApiProperty({ enum: ['settings.saved', 'settings.enabled', 'settings.disabled', 'settings.deleted', 'webhook.configured', 'sms.test_sent'] })
  action!: AuditAction;
  @ApiProperty({ type: [String], description: 'Field names only, never values' }) fields!: string[];
}

export class AuditListDto implements AuditList {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
}

export class HealthCheckDto implements HealthCheck {
  @ApiProperty({ enum: ['credentials', 'from_number', 'messaging_service', 'conversations_service', 'webhook'] }) name!: HealthCheckName;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

export class TwilioHealthReportDto implements TwilioHealthReport {
  @ApiProperty() healthy!: boolean;
  @ApiProperty({ type: [HealthCheckDto] }) checks!: HealthCheckDto[];
}

export class ApiErrorBodyDto implements ApiErrorBody {
  @ApiProperty({ example: 422 }) statusCode!: number;
  @ApiProperty({ enum: API_ERROR_CODES, example: 'INVALID_TWILIO_CREDENTIALS' }) code!: ApiErrorCode;
  @ApiProperty({ example: 'Twilio rejected these credentials.' }) message!: string;
  @ApiPropertyOptional({ example: 20003, description: "Twilio's own error code" }) twilioCode?: number;
  @ApiPropertyOptional({ example: 'accountSid', description: 'The request field concerned' }) field?: string;
}
