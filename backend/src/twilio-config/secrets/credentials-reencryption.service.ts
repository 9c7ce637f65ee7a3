import { Injectable, Logger } from '@nestjs/common';
import { TwilioClientFactory } from '../../twilio/twilio-client.factory';
import { AuditService } from '../audit/audit.service';
import { TwilioSettingsRepository } from '../twilio-settings.repository';
import { CredentialsCipher } from './credentials-cipher';

export const REENCRYPTION_ACTOR = 'system:reencrypt';

export interface ReencryptionSummary {
  organizations: number;
  reencrypted: number;
}

/**
 * After CREDENTIALS_ENCRYPTION_KEY changes (the old one moved to CREDENTIALS_ENCRYPTION_KEY_PREVIOUS),
 * seals every stored secret under the current key. Idempotent: secrets already under it are left alone.
 */
@Injectable()
export class CredentialsReencryptionService {
  private readonly logger = new Logger(CredentialsReencryptionService.name);

  constructor(
    private readonly repository: TwilioSettingsRepository,
    private readonly cipher: CredentialsCipher,
    private readonly audit: AuditService,
    private readonly factory: TwilioClientFactory,
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

  private async reencryptOrganization(orgId: string): Promise<boolean> {
    const stored = await this.repository.findWithSecretsByOrg(orgId);
    if (!stored) return false;
    const { authToken, apiKeySecret } = stored.secrets;
    const stale = [
      this.cipher.needsReencryption(authToken) ? 'authToken' : null,
      apiKeySecret && this.cipher.needsReencryption(apiKeySecret) ? 'apiKeySecret' : null,
    ].filter((field): field is string => field !== null);
    if (stale.length === 0) return false;
    const reseal = (field: 'authToken' | 'apiKeySecret', secret: typeof authToken) =>
      this.cipher.needsReencryption(secret) ? this.cipher.encrypt(this.cipher.decrypt(secret, { orgId, field }), { orgId, field }) : secret;
    await this.repository.replaceSecrets(orgId, {
      authToken: reseal('authToken', authToken),
      apiKeySecret: apiKeySecret ? reseal('apiKeySecret', apiKeySecret) : null,
    });
    await this.audit.record(orgId, REENCRYPTION_ACTOR, 'settings.saved', stale);
    await this.factory.invalidateCache(orgId);
    return true;
  }
}
