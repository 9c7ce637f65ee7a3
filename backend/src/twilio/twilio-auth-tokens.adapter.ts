import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { AuthTokenRotationStore, TwilioSettingsRepository } from '../twilio-settings-store';
import { translateTwilioError } from './twilio-error.translator';
import { TwilioRestClientProvider, type TwilioRestClient } from './twilio-rest-client.provider';
import { TwilioNotConfiguredError } from './twilio.errors';

/** Which of the organization's stored tokens Twilio accepts now (https://www.twilio.com/docs/iam/api/authtoken). */
export type AuthenticatingToken = 'primary' | 'secondary' | 'neither';

export type PromotionOutcome = { promoted: true; authToken: string } | { promoted: false; reason: 'no_secondary' };

/**
 * Twilio's Auth Token rotation (Accounts v1 `AuthTokens/Secondary` and `AuthTokens/Promote`,
 * https://www.twilio.com/docs/iam/api/secondary_authtoken). Twilio lets only the Auth Token (or a
 * Main key) manage these, so calls here always authenticate with the stored Auth Token, never the
 * organization's (Standard) API key. Answers plain strings and the API's typed errors.
 */
@Injectable()
export class TwilioAuthTokensAdapter {
  constructor(
    private readonly settings: TwilioSettingsRepository,
    private readonly rotation: AuthTokenRotationStore,
    private readonly clients: TwilioRestClientProvider,
  ) {}

  /**
   * Creates the secondary token and answers it. Twilio holds one secondary at a time: one already
   * there (left by an interrupted start, or made in the Twilio Console) is deleted and made again,
   * because its value cannot be read back.
   */
  async createSecondary(orgId: string): Promise<string> {
    const client = await this.clientWith(orgId, 'primary');
    try {
      try {
        return (await client.accounts.v1.secondaryAuthToken().create()).secondaryAuthToken;
      } catch (error) {
        if (!(error instanceof twilio.RestException) || error.status !== 400) throw error;
        await removeSecondary(client);
        return (await client.accounts.v1.secondaryAuthToken().create()).secondaryAuthToken;
      }
    } catch (error) {
      throw translateTwilioError(error, { operation: 'create the secondary Auth Token' });
    }
  }

  /** Deletes the secondary token; none there is fine (already deleted). */
  async deleteSecondary(orgId: string): Promise<void> {
    const client = await this.clientWith(orgId, 'primary');
    try {
      await removeSecondary(client);
    } catch (error) {
      throw translateTwilioError(error, { operation: 'delete the secondary Auth Token' });
    }
  }

  /** Makes the secondary the primary; the old primary stops authenticating at once. */
  async promote(orgId: string): Promise<PromotionOutcome> {
    const client = await this.clientWith(orgId, 'primary');
    try {
      return { promoted: true, authToken: (await client.accounts.v1.authTokenPromotion().update()).authToken };
    } catch (error) {
      if (isNotFound(error)) return { promoted: false, reason: 'no_secondary' };
      throw translateTwilioError(error, { operation: 'promote the secondary Auth Token' });
    }
  }

  /**
   * Which stored token Twilio accepts now: how an interrupted promotion is told apart from one that
   * never reached Twilio (after Promote, the old primary fails with 401 / 20003).
   */
  async authenticatingToken(orgId: string): Promise<AuthenticatingToken> {
    if (await this.accepts(orgId, 'primary')) return 'primary';
    return (await this.accepts(orgId, 'secondary')) ? 'secondary' : 'neither';
  }

  private async accepts(orgId: string, which: 'primary' | 'secondary'): Promise<boolean> {
    const stored = await this.settings.findByOrg(orgId);
    if (!stored) throw new TwilioNotConfiguredError();
    let client: TwilioRestClient;
    try {
      client = await this.clientWith(orgId, which);
    } catch (error) {
      if (error instanceof NoTokenError) return false;
      throw error;
    }
    try {
      await client.api.v2010.accounts(stored.accountSid).fetch();
      return true;
    } catch (error) {
      if (error instanceof twilio.RestException && (error.status === 401 || error.code === 20003)) return false;
      throw translateTwilioError(error, { operation: 'check which Auth Token Twilio accepts' });
    }
  }

  private async clientWith(orgId: string, which: 'primary' | 'secondary'): Promise<TwilioRestClient> {
    const [stored, tokens] = await Promise.all([this.settings.findByOrg(orgId), this.rotation.revealTokens(orgId)]);
    if (!stored || !tokens) throw new TwilioNotConfiguredError();
    const authToken = which === 'primary' ? tokens.authToken : tokens.secondaryAuthToken;
    if (!authToken) throw new NoTokenError();
    return this.clients.create(
      { accountSid: stored.accountSid, authToken, edge: stored.edge, region: stored.region },
      { useApiKey: false },
    );
  }
}

class NoTokenError extends Error {}

async function removeSecondary(client: TwilioRestClient): Promise<void> {
  try {
    await client.accounts.v1.secondaryAuthToken().remove();
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof twilio.RestException && (error.status === 404 || error.code === 20404);
}
