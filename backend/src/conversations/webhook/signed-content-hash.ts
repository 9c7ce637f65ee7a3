import { createHash } from 'node:crypto';
import type { TwilioWebhookParams } from '../../twilio/webhook/twilio-webhook-request';

/**
 * What X-Twilio-Signature covers, hashed: the query of the URL Twilio signed (which carries
 * `bodySHA256` for a JSON body) and the parameters, names sorted. `I-Twilio-Idempotency-Token` is not
 * signed, so a captured request replayed under new tokens is recognised by this instead. RetryCount is
 * left out: it is all that changes between Twilio's retries of one event, and a genuine event is never
 * sent twice with every other parameter equal (each carries its own SIDs, index and dates).
 */
export function signedContentHash(requestUrl: string, params: TwilioWebhookParams): string {
  const queryStart = requestUrl.indexOf('?');
  const query = queryStart === -1 ? '' : requestUrl.slice(queryStart + 1);
  const canonical = Object.keys(params)
    .filter((name) => name !== 'RetryCount')
    .sort()
    .map((name) => [name, [params[name]].flat()]);
  return createHash('sha256').update(JSON.stringify([query, canonical])).digest('hex');
}
