import { ApiProperty } from '@nestjs/swagger';
import {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditEntry,
  type AuditList,
  CONVERSATIONS_WEBHOOK_FILTERS,
  CREDENTIAL_SOURCES,
  E164_EXAMPLE,
  type CredentialSource,
  HEALTH_CHECK_NAMES,
  HEALTH_REASONS,
  maskTwilioSid,
  type HealthCheck,
  type HealthCheckName,
  type HealthReason,
  type TestSmsResult,
  TWILIO_EDGES,
  TWILIO_REGIONS,
  type TwilioEdge,
  type TwilioHealthReport,
  type TwilioRegion,
  type TwilioSettingsView,
  twilioSidExample,
  WEBHOOK_MISMATCH_REASONS,
  WEBHOOK_URL_EXAMPLE,
  type WebhookConfiguration,
  type WebhookMismatchReason,
  type WebhookStatus,
} from '@twilio-config/shared';

/** Response shapes, described for Swagger; the types and their enums live in libs/shared. */

export class WebhookSettingsViewDto {
  @ApiProperty({ type: String, nullable: true, example: WEBHOOK_URL_EXAMPLE }) url!: string | null;
  @ApiProperty({ description: 'The webhook is in use: Twilio accepted its configuration (always equals `configured`)' }) enabled!: boolean;
  @ApiProperty({ description: 'Twilio accepted the configuration' }) configured!: boolean;
}

export class TwilioSettingsViewDto implements TwilioSettingsView {
  @ApiProperty({ description: 'The organization has its own settings' }) configured!: boolean;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ type: String, nullable: true, example: maskTwilioSid(twilioSidExample('account')), description: 'Never the full Account SID' }) accountSidMasked!: string | null;
  @ApiProperty({ description: 'An Auth Token is stored (it is never returned)' }) hasAuthToken!: boolean;
  @ApiProperty({ type: String, nullable: true, example: E164_EXAMPLE }) fromNumber!: string | null;
  @ApiProperty({ type: String, nullable: true }) messagingServiceSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) conversationsServiceSid!: string | null;
  @ApiProperty({ type: String, nullable: true }) apiKeySid!: string | null;
  @ApiProperty() hasApiKeySecret!: boolean;
  @ApiProperty({ type: String, enum: TWILIO_EDGES, nullable: true }) edge!: TwilioEdge | null;
  @ApiProperty({ type: String, enum: TWILIO_REGIONS, nullable: true }) region!: TwilioRegion | null;
  @ApiProperty() validated!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validatedAt!: string | null;
  @ApiProperty({ type: WebhookSettingsViewDto }) webhook!: WebhookSettingsViewDto;
  @ApiProperty({ enum: CREDENTIAL_SOURCES }) credentialSource!: CredentialSource;
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
  @ApiProperty({ type: String, isArray: true, enum: WEBHOOK_MISMATCH_REASONS }) reasons!: WebhookMismatchReason[];
}

export class TestSmsResultDto implements TestSmsResult {
  @ApiProperty({ example: twilioSidExample('message') }) sid!: string;
  @ApiProperty({ example: 'queued' }) status!: string;
}

export class AuditEntryDto implements AuditEntry {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'Token subject, or system:<command> for an operator command' }) actor!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: AuditAction;
  @ApiProperty({ type: [String], description: 'Field names only, never values' }) fields!: string[];
}

export class AuditListDto implements AuditList {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
}

export class HealthCheckDto implements HealthCheck {
  @ApiProperty({ enum: HEALTH_CHECK_NAMES }) name!: HealthCheckName;
  @ApiProperty() ok!: boolean;
  @ApiProperty({ type: String, enum: HEALTH_REASONS, nullable: true, description: 'Why the check failed, as a code (the console words it)' })
  reason!: HealthReason | null;
}

export class TwilioHealthReportDto implements TwilioHealthReport {
  @ApiProperty() healthy!: boolean;
  @ApiProperty({ type: [HealthCheckDto] }) checks!: HealthCheckDto[];
}
