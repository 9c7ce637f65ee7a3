/** Credentials for one Twilio account, as the SDK needs them (decrypted, in memory only). */
export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
  apiKeySid?: string | null;
  apiKeySecret?: string | null;
  edge?: string | null;
  region?: string | null;
}
