/**
 * Where a Twilio REST call goes when `TWILIO_API_BASE_URL` is set:
 * `https://{host}.twilio.com{path}{query}` → `{apiBaseUrl}/{host}{path}{query}`, where `{host}` is
 * everything before `.twilio.com`: `api`, `api.us1`, `api.dublin.ie1`. The edge and region stay
 * in the URL because they decide where Twilio processes the call and which credentials it
 * accepts (docs/twilio-emulator.md, "Regions").
 */

// The first label is the product (api, conversations, messaging…); edge and region labels follow it.
const TWILIO_HOST = /^([a-z0-9-]+)(?:\.[a-z0-9-]+)*\.twilio\.com$/i;

/** Checks an API base URL once, up front, and drops trailing slashes so joins never double them. */
export function normalizeApiBaseUrl(apiBaseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(apiBaseUrl);
  } catch {
    throw new Error(`TWILIO_API_BASE_URL is not a URL: ${apiBaseUrl}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`TWILIO_API_BASE_URL must be an http(s) URL: ${apiBaseUrl}`);
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`TWILIO_API_BASE_URL must not have a query or fragment: ${apiBaseUrl}`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/** The Twilio product a URL is addressed to (`api`, `conversations`, …), or null for any other host. */
export function twilioSubdomainOf(uri: string): string | null {
  const match = TWILIO_HOST.exec(new URL(uri).hostname);
  return match ? match[1].toLowerCase() : null;
}

/** The Twilio host without `.twilio.com` (`api.dublin.ie1`), lower case, or null for any other host. */
export function twilioHostPrefixOf(uri: string): string | null {
  const hostname = new URL(uri).hostname.toLowerCase();
  return TWILIO_HOST.test(hostname) ? hostname.slice(0, -'.twilio.com'.length) : null;
}

/** Rewrites a Twilio REST URL onto the base URL; URLs of other hosts are returned unchanged. */
export function rewriteTwilioUri(uri: string, apiBaseUrl: string): string {
  const host = twilioHostPrefixOf(uri);
  if (host === null) return uri;
  const { pathname, search } = new URL(uri);
  return `${normalizeApiBaseUrl(apiBaseUrl)}/${host}${pathname === '/' ? '' : pathname}${search}`;
}
