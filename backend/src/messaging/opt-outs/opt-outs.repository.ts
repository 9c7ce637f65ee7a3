import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { OptOutSource } from '@twilio-config/shared';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../common/errors/mongo-errors';
import { dropReplacedIndexes } from '../../common/mongo/replaced-indexes';
import { OptOutRecord, REPLACED_OPT_OUT_INDEXES } from '../schemas/opt-out.schema';

export interface StoredOptOut {
  phoneNumber: string;
  since: Date;
  source: OptOutSource;
}

/** The only code that touches the sms_opt_outs collection; every query takes the organization first. */
@Injectable()
export class OptOutsRepository implements OnModuleInit {
  constructor(@InjectModel(OptOutRecord.name) private readonly model: Model<OptOutRecord>) {}

  async onModuleInit(): Promise<void> {
    await dropReplacedIndexes(this.model.collection, REPLACED_OPT_OUT_INDEXES);
  }

  /** Adds the number; one already listed keeps its first `since` and source. Answers whether it was added. */
  async add(orgId: string, entry: StoredOptOut): Promise<boolean> {
    try {
      const result = await this.model
        .updateOne({ orgId, phoneNumber: entry.phoneNumber }, { $setOnInsert: { since: entry.since, source: entry.source } }, { upsert: true })
        .exec();
      return result.upsertedCount > 0;
    } catch (error) {
      // Two concurrent upserts of the same number: the other one added it.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Answers whether the number was listed. */
  async remove(orgId: string, phoneNumber: string): Promise<boolean> {
    const result = await this.model.deleteOne({ orgId, phoneNumber }).exec();
    return result.deletedCount > 0;
  }

  async isListed(orgId: string, phoneNumber: string): Promise<boolean> {
    return (await this.model.exists({ orgId, phoneNumber }).exec()) !== null;
  }

  /** Newest first. */
  async list(orgId: string): Promise<StoredOptOut[]> {
    const docs = await this.model.find({ orgId }).sort({ since: -1, _id: -1 }).lean().exec();
    return docs.map(({ phoneNumber, since, source }) => ({ phoneNumber, since, source }));
  }
}
