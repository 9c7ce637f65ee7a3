import { Injectable } from '@nestjs/common';
import type { AuditAction, AuditList } from '@twilio-config/shared';
import { AuditRepository } from './audit.repository';

export const AUDIT_LIMIT_DEFAULT = 50;
export const AUDIT_LIMIT_MAX = 200;

/** Records every change to an organization's Twilio configuration: who, when, which fields. */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(orgId: string, actor: string, action: AuditAction, fields: string[] = []): Promise<void> {
    return this.repository.append(orgId, { at: new Date(), actor, action, fields: [...new Set(fields)].sort() });
  }

  async listLatest(orgId: string, limit = AUDIT_LIMIT_DEFAULT): Promise<AuditList> {
    const entries = await this.repository.listLatest(orgId, Math.min(Math.max(limit, 1), AUDIT_LIMIT_MAX));
    return { items: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) };
  }
}
