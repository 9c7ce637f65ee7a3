/** The two date formats Twilio uses: RFC 2822 in the 2010-04-01 API, ISO 8601 in the v1 APIs. */

export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** Second precision, as Twilio writes them: 2015-12-16T22:18:37Z. */
export function iso8601(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function rfc2822OrNull(date: Date | null): string | null {
  return date ? rfc2822(date) : null;
}

export const E164 = /^\+[1-9]\d{1,14}$/;

/** A recipient Twilio accepts: an E.164 number, or a channel address such as whatsapp:+14155550100. */
export function isValidRecipient(value: string): boolean {
  return E164.test(value) || /^[a-z]+:\+[1-9]\d{1,14}$/.test(value);
}
