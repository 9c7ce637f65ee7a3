/** Twilio accepts at most 1,600 characters in a message body. */
export const SMS_BODY_MAX_LENGTH = 1600;

/**
 * Not blank: at least one character that `String.prototype.trim` would keep, the white space spelled
 * out so that every regular-expression engine reads it alike (it is also the OpenAPI `pattern`).
 */
export const SMS_BODY_PATTERN = /[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

export function isSmsBody(value: unknown): value is string {
  return typeof value === 'string' && value.length <= SMS_BODY_MAX_LENGTH && SMS_BODY_PATTERN.test(value);
}

export const SMS_BODY_RULE_MESSAGE = `must be between 1 and ${SMS_BODY_MAX_LENGTH} characters`;
