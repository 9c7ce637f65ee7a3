/** Twilio's edge locations and regions (https://www.twilio.com/docs/global-infrastructure). */
export const TWILIO_EDGES = [
  'ashburn',
  'dublin',
  'frankfurt',
  'singapore',
  'sydney',
  'tokyo',
  'umatilla',
  'sao-paulo',
] as const;
export type TwilioEdge = (typeof TWILIO_EDGES)[number];

export const TWILIO_REGIONS = ['us1', 'ie1', 'au1'] as const;
export type TwilioRegion = (typeof TWILIO_REGIONS)[number];

export function isTwilioEdge(value: unknown): value is TwilioEdge {
  return typeof value === 'string' && (TWILIO_EDGES as readonly string[]).includes(value);
}

export function isTwilioRegion(value: unknown): value is TwilioRegion {
  return typeof value === 'string' && (TWILIO_REGIONS as readonly string[]).includes(value);
}
