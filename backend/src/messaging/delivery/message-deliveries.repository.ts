import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MESSAGE_STATUS_RANK, MESSAGE_STATUSES, type MessageStatus } from '@twilio-config/shared';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '../../common/errors/mongo-errors';
import { MessageDeliveryRecord } from '../schemas/message-delivery.schema';

/** A status Twilio reported for a message (in its answer to the send, or a status callback). */
export interface ReportedMessageStatus {
  sid: string;
  to: string | null;
  status: MessageStatus;
  errorCode: number | null;
  at: Date;
}

export interface StoredMessageDelivery {
  sid: string;
  to: string | null;
  status: MessageStatus;
  errorCode: number | null;
  createdAt: Date;
  updatedAt: Date;
  history: { status: MessageStatus; errorCode: number | null; at: Date }[];
}

/** The only code that touches the message_deliveries collection; every query takes the organization first. */
@Injectable()
export class MessageDeliveriesRepository {
  constructor(@InjectModel(MessageDeliveryRecord.name) private readonly model: Model<MessageDeliveryRecord>) {}

  /**
   * Records the status: as the current one only when it ranks above the stored one (one conditional
   * write, so concurrent or late callbacks cannot move it backwards, with no transaction), and in the
   * history when the message had not reported it yet. Creates the record when the callback comes
   * before the send's answer was stored. Answers whether the current status changed.
   */
  async recordStatus(orgId: string, reported: ReportedMessageStatus): Promise<boolean> {
    const rank = MESSAGE_STATUS_RANK[reported.status];
    let advanced: boolean;
    try {
      const result = await this.model
        .updateOne(
          { orgId, sid: reported.sid, rank: { $lt: rank } },
          {
            $set: { status: reported.status, rank, errorCode: reported.errorCode, updatedAt: reported.at },
            $setOnInsert: { createdAt: reported.at, to: reported.to, history: {} },
          },
          { upsert: true },
        )
        .exec();
      advanced = result.modifiedCount + result.upsertedCount > 0;
    } catch (error) {
      // The record exists with this rank or a higher one: the upsert's insert met the unique index.
      if (!isDuplicateKeyError(error)) throw error;
      advanced = false;
    }
    const historyPath = `history.${reported.status}`;
    await this.model
      .updateOne(
        { orgId, sid: reported.sid, [historyPath]: { $exists: false } },
        { $set: { [historyPath]: { at: reported.at, errorCode: reported.errorCode } } },
      )
      .exec();
    return advanced;
  }

  async find(orgId: string, sid: string): Promise<StoredMessageDelivery | null> {
    const doc = await this.model.findOne({ orgId, sid }).lean().exec();
    if (!doc) return null;
    const history = MESSAGE_STATUSES.flatMap((status) => {
      const event = doc.history?.[status];
      return event ? [{ status, errorCode: event.errorCode ?? null, at: new Date(event.at) }] : [];
    }).sort((a, b) => MESSAGE_STATUS_RANK[a.status] - MESSAGE_STATUS_RANK[b.status] || a.at.getTime() - b.at.getTime());
    return {
      sid: doc.sid,
      to: doc.to ?? null,
      status: doc.status,
      errorCode: doc.errorCode ?? null,
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      history,
    };
  }
}
