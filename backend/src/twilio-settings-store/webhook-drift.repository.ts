import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { TwilioSettings } from './schemas/twilio-settings.schema';

/** Twilio's Conversations webhook as the reconciliation read it. */
export interface ObservedWebhook {
  url: string | null;
  method: string | null;
  filters: string[];
}

export interface StoredWebhookDrift {
  /** When Twilio was first seen to differ; null while it matches. */
  since: Date | null;
  checkedAt: Date;
  reasons: string[];
  twilio: ObservedWebhook;
}

/**
 * The reconciliation's findings in the twilio_settings documents (field `webhookDrift`); only this
 * field is touched. Org id first, plain objects.
 */
@Injectable()
export class WebhookDriftRepository {
  constructor(@InjectModel(TwilioSettings.name) private readonly model: Model<TwilioSettings>) {}

  async find(orgId: string): Promise<StoredWebhookDrift | null> {
    const doc = await this.model.findOne({ orgId }, { webhookDrift: 1 }).lean().exec();
    const drift = doc?.webhookDrift;
    if (!drift) return null;
    return {
      since: drift.since ?? null,
      checkedAt: drift.checkedAt,
      reasons: [...(drift.reasons ?? [])],
      twilio: { url: drift.twilioUrl ?? null, method: drift.twilioMethod ?? null, filters: [...(drift.twilioFilters ?? [])] },
    };
  }

  /** Records a check: drift keeps the time it began; a match clears it. */
  async record(orgId: string, check: { checkedAt: Date; reasons: string[]; twilio: ObservedWebhook }): Promise<StoredWebhookDrift | null> {
    const previous = await this.find(orgId);
    const drifted = check.reasons.length > 0;
    const since = drifted ? (previous?.since ?? check.checkedAt) : null;
    const result = await this.model
      .updateOne(
        { orgId },
        {
          $set: {
            webhookDrift: {
              since,
              checkedAt: check.checkedAt,
              reasons: check.reasons,
              twilioUrl: check.twilio.url,
              twilioMethod: check.twilio.method,
              twilioFilters: check.twilio.filters,
            },
          },
        },
      )
      .exec();
    return result.matchedCount > 0 ? { since, checkedAt: check.checkedAt, reasons: check.reasons, twilio: check.twilio } : null;
  }

  /** Forgets the findings (the webhook is no longer monitored). */
  async clear(orgId: string): Promise<void> {
    await this.model.updateOne({ orgId }, { $unset: { webhookDrift: 1 } }).exec();
  }
}
