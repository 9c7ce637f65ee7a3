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
