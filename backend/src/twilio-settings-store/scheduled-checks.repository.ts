import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { TwilioSettings } from './schemas/twilio-settings.schema';

/** The scheduled jobs that check each organization in Twilio, and claim it first. */
export type ScheduledCheck = 'webhookDrift' | 'fleetHealth';

/** An organization's last fleet health check, as whichever instance made it recorded it. */
export interface StoredHealthOutcome {
  checkedAt: Date;
  /** False when the check could not finish (an error of ours, or past the per-organization bound). */
  checked: boolean;
  healthy: boolean;
  failingChecks: string[];
}

/**
 * Coordinates the scheduled checks of every API instance through the twilio_settings documents
 * (field `scheduledChecks`; only this field is touched): before checking an organization, a job
 * claims it with one conditional write, which only one instance wins per interval — no lock, no
 * transaction (FerretDB 1.x has none). Org id first, plain objects.
 */
@Injectable()
export class ScheduledChecksRepository {
  constructor(@InjectModel(TwilioSettings.name) private readonly model: Model<TwilioSettings>) {}

  /**
   * True when this caller may check the organization now: no instance claimed it within
   * `withinMs` before `now` (the claim is then this one's). False when another did, or the
   * organization has no settings.
   */
  async claim(orgId: string, check: ScheduledCheck, now: Date, withinMs: number): Promise<boolean> {
    const claimedAt = `scheduledChecks.${check}.claimedAt`;
    const result = await this.model
      .updateOne(
        { orgId, $or: [{ [claimedAt]: { $lt: new Date(now.getTime() - withinMs) } }, { [claimedAt]: { $exists: false } }, { [claimedAt]: null }] },
        { $set: { [claimedAt]: now } },
      )
      .exec();
    return result.matchedCount === 1;
  }

  async recordHealthOutcome(orgId: string, outcome: StoredHealthOutcome): Promise<void> {
    await this.model.updateOne({ orgId }, { $set: { 'scheduledChecks.fleetHealth.outcome': outcome } }).exec();
  }

  /** Every organization's last health outcome, by org id: the one cross-tenant read, for the fleet's counts. */
  async listHealthOutcomes(): Promise<Map<string, StoredHealthOutcome>> {
    const docs = await this.model.find({}, { orgId: 1, scheduledChecks: 1 }).lean().exec();
    const outcomes = new Map<string, StoredHealthOutcome>();
    for (const doc of docs) {
      const outcome = (doc.scheduledChecks as { fleetHealth?: { outcome?: StoredHealthOutcome } } | undefined)?.fleetHealth?.outcome;
      if (outcome) outcomes.set(doc.orgId, { checkedAt: outcome.checkedAt, checked: outcome.checked, healthy: outcome.healthy, failingChecks: [...outcome.failingChecks] });
    }
    return outcomes;
  }
}
