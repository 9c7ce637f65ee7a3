/**
 * Twilio's default opt-out handling for long codes ("Twilio support for opt-out keywords (SMS
 * STOP filtering)", https://help.twilio.com/hc/en-us/articles/223134027; the opt-out list as of
 * "Customize users' opt-in and opt-out experience with Advanced Opt-Out",
 * https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out):
 * - a message whose whole body (any case, surrounding spaces ignored) is an opt-out keyword puts
 *   the sender on the account's opt-out list for the number texted — for the whole Messaging
 *   Service when the number is in one's sender pool; sending to them then answers 400 / 21610;
 * - an opt-in keyword takes them off it; HELP / INFO change nothing;
 * - "STOP please" is not a keyword; the list changes even when no webhook URL is configured.
 * With Advanced Opt-Out on the Messaging Service, the incoming-message webhook carries
 * `OptOutType` = STOP, START or HELP ("How to Track Opt-Out, Opt-In and Help Messages Using the
 * OptOutType Parameter", https://help.twilio.com/hc/en-us/articles/31560110671259).
 */
import type { EmulatorStore } from '../store/emulator-store';
import type { AccountRecord } from '../store/records';

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

export type OptOutType = 'STOP' | 'START' | 'HELP';

/** The keyword a body is, and its kind; null for any other message. */
export function keywordOf(body: string): { keyword: string; type: OptOutType } | null {
  const keyword = body.trim().toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(keyword)) return { keyword, type: 'STOP' };
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(keyword)) return { keyword, type: 'START' };
  if ((HELP_KEYWORDS as readonly string[]).includes(keyword)) return { keyword, type: 'HELP' };
  return null;
}

/** What an opt-out applies to: the number's Messaging Service when it is in one's pool, else the number. */
export function optOutScopeOf(store: EmulatorStore, accountSid: string, phoneNumber: string): string {
  return store.messagingServiceWithSender(accountSid, phoneNumber)?.sid ?? phoneNumber;
}

/** Whether `recipient` opted out of every sender (seeded) or of one of `senders` (numbers or Messaging Service SIDs). */
export function isOptedOut(account: AccountRecord, recipient: string, senders: readonly string[]): boolean {
  if (account.unsubscribedRecipients.has(recipient)) return true;
  return account.optOuts.some((entry) => entry.recipient === recipient && senders.includes(entry.sender));
}

/** Applies a keyword texted by `recipient` to `scope`; says what changed. */
export function applyKeyword(
  account: AccountRecord,
  recipient: string,
  scope: string,
  keyword: { keyword: string; type: OptOutType },
  now: Date,
): 'opted-out' | 'opted-in' | null {
  const listed = account.optOuts.findIndex((entry) => entry.recipient === recipient && entry.sender === scope);
  if (keyword.type === 'STOP') {
    if (listed >= 0) return null;
    account.optOuts.push({ recipient, sender: scope, keyword: keyword.keyword, since: now });
    return 'opted-out';
  }
  if (keyword.type === 'START') {
    // The seeded, account-wide entry goes too: the recipient asked this sender for messages again.
    const wasSeeded = account.unsubscribedRecipients.delete(recipient);
    if (listed < 0) return wasSeeded ? 'opted-in' : null;
    account.optOuts.splice(listed, 1);
    return 'opted-in';
  }
  return null;
}
