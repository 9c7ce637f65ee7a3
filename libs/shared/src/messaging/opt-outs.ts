/**
 * Opt-out and opt-in keywords of incoming messages, and the organization's opt-out list.
 *
 * Twilio's default keywords: "Twilio support for opt-out keywords (SMS STOP filtering)",
 * https://help.twilio.com/hc/en-us/articles/223134027, and "Customize users' opt-in and opt-out
 * experience with Advanced Opt-Out", https://www.twilio.com/docs/messaging/tutorials/advanced-opt-out
 * (which adds REVOKE and OPTOUT to the opt-out list). A keyword counts only as the whole message,
 * in any case, spaces around it ignored: "STOP please" is not one.
 */

/** The path of the incoming-message webhook: `{PUBLIC_BASE_URL}/api/twilio/messaging-webhook`. */
export const MESSAGING_WEBHOOK_PATH = '/api/twilio/messaging-webhook';

export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;

/**
 * Twilio's `OptOutType` webhook parameter (Advanced Opt-Out): STOP, START or HELP
 * ("How to Track Opt-Out, Opt-In and Help Messages Using the OptOutType Parameter",
 * https://help.twilio.com/hc/en-us/articles/31560110671259). It also covers custom keywords.
 */
export const OPT_OUT_TYPES = ['STOP', 'START', 'HELP'] as const;

export type OptOutChange = 'opt_out' | 'opt_in';

/** What an incoming message does to the sender's place on the list; null when nothing. */
export function optOutChangeOf(body: string | null | undefined, optOutType?: string | null): OptOutChange | null {
  const type = optOutType?.trim().toUpperCase();
  if (type === 'STOP') return 'opt_out';
  if (type === 'START') return 'opt_in';
  if (type === 'HELP') return null;
  const keyword = (body ?? '').trim().toUpperCase();
  if ((OPT_OUT_KEYWORDS as readonly string[]).includes(keyword)) return 'opt_out';
  if ((OPT_IN_KEYWORDS as readonly string[]).includes(keyword)) return 'opt_in';
  return null;
}

/**
 * How a number came onto the list: it texted an opt-out keyword, Twilio's Advanced Opt-Out said so
 * (`OptOutType`), or Twilio refused a send to it with 21610.
 */
export const OPT_OUT_SOURCES = ['keyword', 'opt_out_type', 'twilio_21610'] as const;
export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

export interface OptOutEntry {
  phoneNumber: string;
  since: string;
  source: OptOutSource;
}

/** `GET /api/twilio-config/opt-outs`. */
export interface OptOutList {
  items: OptOutEntry[];
}
