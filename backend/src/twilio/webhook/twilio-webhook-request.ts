import { CONVERSATIONS_WEBHOOK_PATH } from '@twilio-config/shared';
import { timingSafeEqual } from 'node:crypto';
import twilio from 'twilio';

/** Webhook parameters as Twilio signs them: each name with its value (or values, when repeated). */
export type TwilioWebhookParams = Record<string, string | string[]>;

/**
 * The body of an inbound webhook. A form post is signed over its parameters; a JSON post over the URL
 * only, with the body's SHA-256 in the URL's `bodySHA256` query parameter.
 */
export type TwilioWebhookBody =
  | { kind: 'form'; params: TwilioWebhookParams }
  | { kind: 'json'; raw: string; params: TwilioWebhookParams };

/** Reads the body from the exact bytes received; null for a body Twilio does not send (unknown type, not JSON…). */
export function parseTwilioWebhookBody(contentType: string | undefined, rawBody: Buffer | undefined): TwilioWebhookBody | null {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const text = rawBody?.toString('utf8') ?? '';
  if (mediaType === 'application/x-www-form-urlencoded') return { kind: 'form', params: formParams(text) };
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    const params = jsonParams(text);
    return params ? { kind: 'json', raw: text, params } : null;
  }
  return null;
}

/**
 * The URL Twilio signed: the public one it was given, e.g. `{PUBLIC_BASE_URL}/api/twilio/conversations-webhook`,
 * with the query string the request carries — never the host or path it arrived on behind a proxy.
 */
export function publicWebhookUrl(publicBaseUrl: string, requestUrl: string, path: string = CONVERSATIONS_WEBHOOK_PATH): string {
  const queryStart = requestUrl.indexOf('?');
  return `${publicBaseUrl}${path}${queryStart === -1 ? '' : requestUrl.slice(queryStart)}`;
}

/**
 * Checks `X-Twilio-Signature` with the twilio SDK's own functions, compared in constant time
 * (crypto.timingSafeEqual after a length check; the length of an HMAC-SHA1 is no secret). A form post
 * is first checked against the URL exactly as configured, which is what Twilio signs: one HMAC, none
 * of `validateRequest`'s URL parsing (a tenth of the verifier's time under load); only when that fails
 * does `validateRequest` try the URL's other forms (port added or removed, normalised).
 */
export function isValidTwilioSignature(authToken: string, signature: string | undefined, url: string, body: TwilioWebhookBody): boolean {
  if (!signature) return false;
  try {
    if (body.kind === 'json') return twilio.validateRequestWithBody(authToken, signature, url, body.raw);
    return sameSignature(signature, twilio.getExpectedTwilioSignature(authToken, url, body.params)) || twilio.validateRequest(authToken, signature, url, body.params);
  } catch {
    return false;
  }
}

function sameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The first value of a parameter, for reading fields such as AccountSid. */
export function paramValue(params: TwilioWebhookParams, name: string): string | null {
  const value = params[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function formParams(text: string): TwilioWebhookParams {
  const params: TwilioWebhookParams = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = params[name];
    params[name] = existing === undefined ? value : [existing, value].flat();
  }
  return params;
}

/** A JSON webhook's top-level scalar fields, as strings. */
function jsonParams(text: string): TwilioWebhookParams | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const params: TwilioWebhookParams = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[name] = String(value);
  }
  return params;
}
