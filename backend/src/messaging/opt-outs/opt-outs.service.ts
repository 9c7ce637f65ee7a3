import { Injectable, Logger } from '@nestjs/common';
import { type OptOutList, type OptOutSource } from '@twilio-config/shared';
import { AuditLog, type Actor } from '../../twilio-settings-store';
import { OptOutNotFoundError, RecipientOptedOutError } from '../messaging.errors';
import { OptOutsRepository } from './opt-outs.repository';

/**
 * The organization's opt-out list: numbers that texted an opt-out keyword (or that Twilio refused
 * with 21610), which the product stops texting before Twilio is asked.
 */
@Injectable()
export class OptOutsService {
  private readonly logger = new Logger(OptOutsService.name);

  constructor(
    private readonly optOuts: OptOutsRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Throws RecipientOptedOutError (422) when the number is listed. */
  async assertMayText(orgId: string, phoneNumber: string): Promise<void> {
    if (await this.optOuts.isListed(orgId, phoneNumber)) throw new RecipientOptedOutError();
  }

  async optOut(orgId: string, phoneNumber: string, source: OptOutSource): Promise<void> {
    const added = await this.optOuts.add(orgId, { phoneNumber, since: new Date(), source });
    if (added) this.logger.log({ orgId, source }, `Number opted out for org ${orgId}`);
  }

  /** The person texted an opt-in keyword: Twilio lets messages through again, so do we. */
  async optIn(orgId: string, phoneNumber: string): Promise<void> {
    if (await this.optOuts.remove(orgId, phoneNumber)) this.logger.log({ orgId }, `Number opted back in for org ${orgId}`);
  }

  async list(orgId: string): Promise<OptOutList> {
    const entries = await this.optOuts.list(orgId);
    return { items: entries.map((entry) => ({ ...entry, since: entry.since.toISOString() })) };
  }

  /** An operator takes the number off the list (audited `opt_out.removed`); 404 when it is not listed. */
  async remove(orgId: string, actor: Actor, phoneNumber: string): Promise<void> {
    if (!(await this.optOuts.remove(orgId, phoneNumber))) throw new OptOutNotFoundError();
    await this.audit.record(orgId, actor, 'opt_out.removed', ['phoneNumber']);
  }
}
