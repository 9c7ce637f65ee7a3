import { randomBytes } from 'node:crypto';

/** Twilio SID prefixes of the resources the emulator keeps. */
export type SidPrefix = 'AC' | 'SK' | 'PN' | 'MG' | 'IS' | 'SM' | 'CH' | 'MB' | 'IM' | 'RL' | 'RQ';

/** A new SID the way Twilio writes them: two letters, then 32 lower-case hex digits. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

export function isSid(value: string, prefix: SidPrefix): boolean {
  return new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}

/** An Auth Token or API key secret: 32 hex digits, like Twilio's. */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}
