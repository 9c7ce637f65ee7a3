import { createHmac } from 'node:crypto';

export type WebhookParams = Record<string, string | string[]>;

/**
 * `X-Twilio-Signature` as Twilio computes it: HMAC-SHA1 with the Auth Token over the full URL
 * followed by each parameter name and value, sorted by name (repeated values sorted too),
 * base64-encoded. Written here, not taken from the SDK, so tests can check one against the other.
 */
export function twilioSignature(authToken: string, url: string, params: WebhookParams): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((data, name) => {
      const values = [params[name]].flat().sort();
      return data + values.map((value) => name + value).join('');
    }, url);
  return createHmac('sha1', authToken).update(Buffer.from(signed, 'utf8')).digest('base64');
}
