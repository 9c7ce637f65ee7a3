/** Twilio accepts at most 1,600 characters in a message body. */
export const SMS_BODY_MAX_LENGTH = 1600;

export function isSmsBody(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= SMS_BODY_MAX_LENGTH;
}

export const SMS_BODY_RULE_MESSAGE = `must be between 1 and ${SMS_BODY_MAX_LENGTH} characters`;
