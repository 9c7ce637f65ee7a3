import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AuditAction } from '@twilio-config/shared';
import { Model } from 'mongoose';
import { dropReplacedIndexes } from '../../common/mongo/replaced-indexes';
import { AuditEntryRecord, REPLACED_AUDIT_INDEXES } from '../schemas/audit-entry.schema';

export interface StoredAuditEntry {
  at: Date;
  actor: string;
  action: AuditAction;
  fields: string[];
}

@Injectable()
export class AuditRepository implements OnModuleInit {
  constructor(@InjectModel(AuditEntryRecord.name) private readonly model: Model<AuditEntryRecord>) {}

  async onModuleInit(): Promise<void> {
    await dropReplacedIndexes(this.model.collection, REPLACED_AUDIT_INDEXES);
  }

  async append(orgId: string, entry: StoredAuditEntry): Promise<void> {
    await this.model.create({ orgId, ...entry });
  }

  async listLatest(orgId: string, limit: number): Promise<StoredAuditEntry[]> {
    const docs = await this.model.find({ orgId }).sort({ at: -1, _id: -1 }).limit(limit).lean().exec();
    return docs.map(({ at, actor, action, fields }) => ({ at, actor, action, fields }));
  }
}
