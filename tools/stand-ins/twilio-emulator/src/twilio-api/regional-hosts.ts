/**
 * Which Twilio host a call targeted. The transport lib sends `https://{host}.twilio.com{path}` to
 * `{TWILIO_API_BASE_URL}/{host}{path}`, so the first path segment is the host without
 * `.twilio.com`: `api`, `api.us1`, `api.dublin.ie1`, `conversations.sydney.au1`, …
 *
 * Twilio's rules (docs: "Using the Twilio REST API in a non-US Region",
 * https://www.twilio.com/docs/global-infrastructure/using-the-twilio-rest-api-in-a-non-us-region;
 * "Twilio API domain migration guide",
 * https://www.twilio.com/docs/global-infrastructure/api-domain-migration-guide):
 * - `{product}.{edge}.{region}.twilio.com` is processed in `{region}`;
 * - `{product}.twilio.com` (no edge, no region) goes to US1 through the ashburn edge;
 * - `api.us1.twilio.com` stays valid (US1);
 * - the other `{product}.{region}.twilio.com` names (ie1, au1, br1, de1, jp1, sg1, us2) stopped
 *   working on 2026-04-28: they answer nothing, so the emulator closes the connection.
 */

/** The regions Twilio processes REST API data in (API domain migration guide: US, Ireland, Australia). */
export const PROCESSING_REGIONS = ['us1', 'ie1', 'au1'] as const;
export type ProcessingRegion = (typeof PROCESSING_REGIONS)[number];

/** Twilio's public Edge Locations (docs: "Edge Locations", https://www.twilio.com/docs/global-infrastructure/edge-locations). */
export const EDGE_LOCATIONS = [
  'ashburn',
  'dublin',
  'frankfurt',
  'osaka',
  'sao-paulo',
  'singapore',
  'sydney',
  'tokyo',
  'umatilla',
  'roaming',
] as const;

/** The retired `api.{region}.twilio.com` names ("Legacy Edge Location IDs", https://www.twilio.com/docs/global-infrastructure/edge-locations/legacy-regions). */
export const RETIRED_REGION_ONLY_HOSTS = ['ie1', 'au1', 'br1', 'de1', 'jp1', 'sg1', 'us2'] as const;

export interface TargetHost {
  /** As addressed, without `.twilio.com`: `api.dublin.ie1`. */
  host: string;
  /** The product label the specs' `servers` name: `api`, `conversations`, `messaging`. */
  product: string;
  edge: string | null;
  region: ProcessingRegion;
}

const LABEL = /^[a-z0-9-]*$/;

/** The host a path segment names, or null when no such Twilio host answers. */
export function parseTargetHost(segment: string): TargetHost | null {
  const host = segment.toLowerCase();
  const labels = host.split('.');
  if (!labels.every((label) => LABEL.test(label))) return null;
  const [product, ...rest] = labels;
  if (rest.length === 0) return { host, product, edge: null, region: 'us1' };
  if (rest.length === 1) {
    // Only api.us1 survives of the region-only names; the others (and any other label) resolve nowhere.
    return rest[0] === 'us1' ? { host, product, edge: null, region: 'us1' } : null;
  }
  if (rest.length === 2) {
    const [edge, region] = rest;
    if (!isProcessingRegion(region) || !(EDGE_LOCATIONS as readonly string[]).includes(edge)) return null;
    return { host, product, edge, region };
  }
  return null;
}

export function isProcessingRegion(value: unknown): value is ProcessingRegion {
  return typeof value === 'string' && (PROCESSING_REGIONS as readonly string[]).includes(value);
}
