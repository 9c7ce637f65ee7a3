import { Injectable, Logger } from '@nestjs/common';
import { operatorActor } from '../audit/actor';
import { AuditLog } from '../audit/audit-log';
import { SettingsChangeBus } from '../settings-change.bus';
import { TwilioSettingsRepository } from '../twilio-settings.repository';
import { TwilioSecrets } from './twilio-secrets';

const MAX_ATTEMPTS = 3;

export interface ReencryptionSummary {
  organizations: number;
  reencrypted: number;
}

/**
 * After CREDENTIALS_ENCRYPTION_KEY changes (the old one moved to CREDENTIALS_ENCRYPTION_KEY_PREVIOUS),
 * seals every stored secret (the rotation's tokens too) under the current key. Idempotent: secrets already under it are left alone.
 * Audited as `settings.reencrypted`: nothing about the settings changed but the key that seals them.
 */
@Injectable()
export class CredentialsReencryptionService {
  private readonly logger = new Logger(CredentialsReencryptionService.name);

  constructor(
    private readonly repository: TwilioSettingsRepository,
    private readonly secrets: TwilioSecrets,
    private readonly audit: AuditLog,
    private readonly settingsChanges: SettingsChangeBus,
  ) {}

  async reencryptAll(): Promise<ReencryptionSummary> {
    const orgIds = await this.repository.listOrgIds();
    let reencrypted = 0;
    for (const orgId of orgIds) {
      if (await this.reencryptOrganization(orgId)) reencrypted += 1;
    }
    this.logger.log({ organizations: orgIds.length, reencrypted }, 'Re-encryption finished');
    return { organizations: orgIds.length, reencrypted };
  }

  /**
   * Replaces only the ciphertexts it read (the credentials and a rotation's secondary and previous
   * tokens): when a save, a rotation step or a delete came in between, the write matches nothing and
   * the organization is read again (those seal with the current key already).
   */
  private async reencryptOrganization(orgId: string): Promise<boolean> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const stored = await this.repository.findSealedSecrets(orgId);
      const resealed = stored ? this.secrets.resealStale(orgId, stored) : null;
      if (!stored || !resealed) return false;
      if (!(await this.repository.replaceSealedSecrets(orgId, resealed.secrets, stored))) continue;
      await this.audit.record(orgId, operatorActor('reencrypt'), 'settings.reencrypted', resealed.fields);
      await this.settingsChanges.publish(orgId);
      return true;
    }
    this.logger.warn({ orgId }, 'Secrets kept changing during re-encryption; run the command again');
    return false;
  }
}
