import { Injectable } from '@nestjs/common';
import type { AuthTokenRotationState } from '@twilio-config/shared';
import { CredentialsCipher } from '../secrets/credentials-cipher';
import { AuthTokenRotationRepository, type StoredAuthTokenRotation } from './auth-token-rotation.repository';

/**
 * The rotation's state and tokens: seals what it stores and opens what it is asked for (the one
 * other door to secrets besides TwilioSecrets, for the rotation's two extra tokens only).
 */
@Injectable()
export class AuthTokenRotationStore {
  constructor(
    private readonly repository: AuthTokenRotationRepository,
    private readonly cipher: CredentialsCipher,
  ) {}

  find(orgId: string): Promise<StoredAuthTokenRotation | null> {
    return this.repository.find(orgId);
  }

  transition(
    orgId: string,
    from: readonly AuthTokenRotationState[],
    to: AuthTokenRotationState,
    change: { updatedBy: string; now: Date; startedAt?: Date | null },
  ): Promise<boolean> {
    return this.repository.transition(orgId, from, to, change);
  }

  recordSecondary(orgId: string, secondaryAuthToken: string, updatedBy: string, now: Date): Promise<boolean> {
    const sealed = this.cipher.encrypt(secondaryAuthToken, { orgId, field: 'secondaryAuthToken' });
    return this.repository.recordSecondary(orgId, sealed, updatedBy, now);
  }

  /** The promoted token becomes the Auth Token; the one it replaces verifies signatures until `previousValidUntil`. */
  async recordPromotion(orgId: string, promotedAuthToken: string, previousValidUntil: Date, updatedBy: string, now: Date): Promise<boolean> {
    const stored = await this.repository.findSecrets(orgId);
    if (!stored) return false;
    const replaced = this.cipher.decrypt(stored.authToken, { orgId, field: 'authToken' });
    return this.repository.recordPromotion(
      orgId,
      {
        authToken: this.cipher.encrypt(promotedAuthToken, { orgId, field: 'authToken' }),
        previousAuthToken: this.cipher.encrypt(replaced, { orgId, field: 'previousAuthToken' }),
        previousValidUntil,
      },
      updatedBy,
      now,
    );
  }

  clear(orgId: string, from: readonly AuthTokenRotationState[], updatedBy: string, now: Date): Promise<boolean> {
    return this.repository.clear(orgId, from, updatedBy, now);
  }

  /** The Auth Token and the secondary token in clear (in memory only, for the call that needs them). */
  async revealTokens(orgId: string): Promise<{ authToken: string; secondaryAuthToken: string | null } | null> {
    const stored = await this.repository.findSecrets(orgId);
    if (!stored) return null;
    return {
      authToken: this.cipher.decrypt(stored.authToken, { orgId, field: 'authToken' }),
      secondaryAuthToken: stored.secondaryAuthToken ? this.cipher.decrypt(stored.secondaryAuthToken, { orgId, field: 'secondaryAuthToken' }) : null,
    };
  }

  /**
   * Every token a webhook signature may be made with at `now`, as stored: the Auth Token (newer than
   * a copy cached before a promotion was written, until the settings-change message drops that
   * copy), the secondary (Twilio signs with it from the moment it promotes it, which may be before
   * the promotion is written here) and the replaced token until its grace period ends. Unreadable
   * ones are left out.
   */
  async signatureTokens(orgId: string, now: Date): Promise<string[]> {
    const stored = await this.repository.findSecrets(orgId);
    if (!stored) return [];
    const tokens: string[] = [];
    const open = (secret: typeof stored.secondaryAuthToken, field: 'authToken' | 'secondaryAuthToken' | 'previousAuthToken') => {
      if (!secret) return;
      try {
        tokens.push(this.cipher.decrypt(secret, { orgId, field }));
      } catch {
        // A token sealed under a key no longer configured cannot sign anything we can check.
      }
    };
    open(stored.authToken, 'authToken');
    open(stored.secondaryAuthToken, 'secondaryAuthToken');
    if (stored.previousAuthTokenValidUntil && now.getTime() < stored.previousAuthTokenValidUntil.getTime()) {
      open(stored.previousAuthToken, 'previousAuthToken');
    }
    return tokens;
  }
}
