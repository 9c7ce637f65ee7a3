/**
 * Twilio's processing regions and the edge that reaches each, given together or not at all.
 *
 * - A REST call is processed in the region its host names: `{product}.{edge}.{region}.twilio.com`;
 *   without both it goes to US1 ("Using the Twilio REST API in a non-US Region",
 *   https://www.twilio.com/docs/global-infrastructure/using-the-twilio-rest-api-in-a-non-us-region).
 * - The SDKs need both: a region alone builds the retired `api.{region}.twilio.com` name, which
 *   stopped working on 2026-04-28 ("Twilio API domain migration guide",
 *   https://www.twilio.com/docs/global-infrastructure/api-domain-migration-guide).
 * - The valid pairs: Twilio CLI "Regional", https://www.twilio.com/docs/twilio-cli/general-usage/regional
 *   ("you must specify both --region and --edge"; au1 with sydney, ie1 with dublin), and
 *   "Legacy Edge Location IDs", https://www.twilio.com/docs/global-infrastructure/edge-locations/legacy-regions
 *   (us1 is the ashburn edge; `api.dublin.ie1`, `api.sydney.au1` are the current names). Twilio
 *   processes REST data in US1, IE1 and AU1 only (the migration guide), so jp1 is not offered.
 */
export const TWILIO_REGION_EDGE_PAIRS = [
  { region: 'us1', edge: 'ashburn', label: 'United States (US1) through Ashburn' },
  { region: 'ie1', edge: 'dublin', label: 'Ireland (IE1) through Dublin' },
  { region: 'au1', edge: 'sydney', label: 'Australia (AU1) through Sydney' },
] as const;

export type TwilioRegionEdgePair = (typeof TWILIO_REGION_EDGE_PAIRS)[number];
export type TwilioRegion = TwilioRegionEdgePair['region'];
export type TwilioEdge = TwilioRegionEdgePair['edge'];

export const TWILIO_REGIONS: readonly TwilioRegion[] = TWILIO_REGION_EDGE_PAIRS.map((pair) => pair.region);
export const TWILIO_EDGES: readonly TwilioEdge[] = TWILIO_REGION_EDGE_PAIRS.map((pair) => pair.edge);

/** What is wrong with an edge and a region given (or left out) together; null when they go together. */
export interface TwilioEdgeRegionProblem {
  field: 'edge' | 'region';
  message: string;
}

const PAIRS_TEXT = TWILIO_REGION_EDGE_PAIRS.map((pair) => `${pair.region} with ${pair.edge}`).join(', ');

export const TWILIO_EDGE_REGION_RULE_MESSAGE = `edge and region go together or not at all; valid pairs: ${PAIRS_TEXT}`;

/** Both or neither, and a pair Twilio serves. Blank values count as left out. */
export function twilioEdgeRegionProblem(edge: unknown, region: unknown): TwilioEdgeRegionProblem | null {
  const hasEdge = edge !== undefined && edge !== null && edge !== '';
  const hasRegion = region !== undefined && region !== null && region !== '';
  if (!hasEdge && !hasRegion) return null;
  if (hasEdge && !(TWILIO_EDGES as readonly unknown[]).includes(edge)) {
    return { field: 'edge', message: `edge must be one of ${TWILIO_EDGES.join(', ')}: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` };
  }
  if (hasRegion && !(TWILIO_REGIONS as readonly unknown[]).includes(region)) {
    return { field: 'region', message: `region must be one of ${TWILIO_REGIONS.join(', ')}: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` };
  }
  if (!hasRegion) return { field: 'region', message: `region is required with edge: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` };
  if (!hasEdge) return { field: 'edge', message: `edge is required with region: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` };
  if (!TWILIO_REGION_EDGE_PAIRS.some((pair) => pair.region === region && pair.edge === edge)) {
    return { field: 'edge', message: `edge does not reach this region: ${TWILIO_EDGE_REGION_RULE_MESSAGE}` };
  }
  return null;
}
