import { maskTwilioSid } from '@twilio-config/shared';

/** Credentials for one Twilio account, as the SDK needs them (decrypted, in memory only). */
export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid?: string | null;
  apiKeySecret?: string | null;
  edge?: string | null;
  region?: string | null;
}

/**
 * The credential REST calls are made with, as an answer may name it: the API key when there is one
 * (the masked SID, docs/architecture.md), else the account's Auth Token. Never a secret.
 */
export function credentialLabel(settings: { accountSid: string; apiKeySid?: string | null }): string {
  return settings.apiKeySid ? `API key ${maskTwilioSid(settings.apiKeySid)}` : `Auth Token of account ${maskTwilioSid(settings.accountSid)}`;
}
