import { Injectable } from '@nestjs/common';
import { AUDIT_LIMIT_DEFAULT, AUDIT_LIMIT_MAX, type AuditAction, type AuditList } from '@twilio-config/shared';
import { actorName, type Actor } from './actor';
import { AuditRepository } from './audit.repository';

/** Records every change to an organization's Twilio configuration: who, when, which fields (names only). */
@Injectable()
export class AuditLog {
  constructor(private readonly repository: AuditRepository) {}

  record(orgId: string, actor: Actor, action: AuditAction, fields: string[] = []): Promise<void> {
    return this.repository.append(orgId, { at: new Date(), actor: actorName(actor), action, fields: [...new Set(fields)].sort() });
  }

  async listLatest(orgId: string, limit = AUDIT_LIMIT_DEFAULT): Promise<AuditList> {
    const entries = await this.repository.listLatest(orgId, Math.min(Math.max(limit, 1), AUDIT_LIMIT_MAX));
    return { items: entries.map((entry) => ({ ...entry, at: entry.at.toISOString() })) };
  }
}
