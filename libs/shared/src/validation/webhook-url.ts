import { CONVERSATIONS_WEBHOOK_PATH } from '../api/twilio-config.contract';

/** Long enough for any real endpoint; Twilio stores the URL as given. */
export const WEBHOOK_URL_MAX_LENGTH = 2048;

export const WEBHOOK_URL_EXAMPLE = `https://api.example.com${CONVERSATIONS_WEBHOOK_PATH}`;

/** Where Twilio will post: an absolute http(s) URL with a host, no spaces, at most 2,048 characters. */
export function isWebhookUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > WEBHOOK_URL_MAX_LENGTH || /\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const WEBHOOK_URL_RULE_MESSAGE = `must be a full http(s) address Twilio can reach, e.g. ${WEBHOOK_URL_EXAMPLE}`;
