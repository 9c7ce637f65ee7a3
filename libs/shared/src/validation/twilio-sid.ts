/**
 * Twilio resource identifiers: a two-letter prefix and 32 hexadecimal characters, the pattern
 * Twilio's OpenAPI specs give for every SID. One table, used by the API's DTOs and the console's forms.
 */
export const TWILIO_SID_KINDS = {
  account: { prefix: 'AC', label: 'Account SID' },
  apiKey: { prefix: 'SK', label: 'API Key SID' },
  messagingService: { prefix: 'MG', label: 'Messaging Service SID' },
  conversationsService: { prefix: 'IS', label: 'Conversations Service SID' },
  conversation: { prefix: 'CH', label: 'Conversation SID' },
  message: { prefix: 'SM', label: 'Message SID' },
} as const;

export type TwilioSidKind = keyof typeof TWILIO_SID_KINDS;

const SID_BODY = '[0-9a-fA-F]{32}';

export function twilioSidPattern(kind: TwilioSidKind): RegExp {
  return new RegExp(`^${TWILIO_SID_KINDS[kind].prefix}${SID_BODY}$`);
}

/** Compiled once per kind: isTwilioSid runs on every webhook post. */
const SID_PATTERNS = Object.fromEntries(Object.keys(TWILIO_SID_KINDS).map((kind) => [kind, twilioSidPattern(kind as TwilioSidKind)])) as Record<
  TwilioSidKind,
  RegExp
>;

export function isTwilioSid(kind: TwilioSidKind, value: unknown): value is string {
  return typeof value === 'string' && SID_PATTERNS[kind].test(value);
}

/** A well-formed SID of the kind, for examples in forms, messages and the OpenAPI document. */
export function twilioSidExample(kind: TwilioSidKind): string {
  return `${TWILIO_SID_KINDS[kind].prefix}${'0123456789abcdef'.repeat(2)}`;
}

/** A message that says what is wrong and shows an example of right, e.g. for a form or a 400. */
export function twilioSidRuleMessage(kind: TwilioSidKind): string {
  const { prefix, label } = TWILIO_SID_KINDS[kind];
  return `${label} must be "${prefix}" followed by 32 hexadecimal characters, e.g. ${twilioSidExample(kind)}`;
}

/** `AC…4f2a`: enough to recognise a SID (in a response or a log line), never the whole of it. */
export function maskTwilioSid(sid: string): string {
  return sid.length > 6 ? `${sid.slice(0, 2)}…${sid.slice(-4)}` : '…';
}

/** Twilio Auth Tokens and API key secrets: 32 characters; checked loosely, Twilio has the last word. */
export const TWILIO_SECRET_PATTERN = /^[A-Za-z0-9]{32}$/;

export function isTwilioSecret(value: unknown): value is string {
  return typeof value === 'string' && TWILIO_SECRET_PATTERN.test(value);
}

export const TWILIO_SECRET_RULE_MESSAGE = 'must be the 32 letters and digits Twilio shows in its console';
