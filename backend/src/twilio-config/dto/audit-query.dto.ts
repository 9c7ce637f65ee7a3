import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AUDIT_LIMIT_DEFAULT, AUDIT_LIMIT_MAX } from '@twilio-config/shared';

export class AuditListQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: AUDIT_LIMIT_DEFAULT, minimum: 1, maximum: AUDIT_LIMIT_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(AUDIT_LIMIT_MAX)
  limit: number = AUDIT_LIMIT_DEFAULT;
}
