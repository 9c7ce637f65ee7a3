/**
 * E.164 as the product has always defined it: a plus sign, a country code that does not start
 * with 0, and at most 15 digits in all, with no spaces, dashes or parentheses.
 */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

export function isE164(value: unknown): value is string {
  return typeof value === 'string' && E164_PATTERN.test(value);
}

export const E164_EXAMPLE = '+61412345678';

export const E164_RULE_MESSAGE = `must be in E.164 format: + then country code and number, no spaces, e.g. ${E164_EXAMPLE}`;
