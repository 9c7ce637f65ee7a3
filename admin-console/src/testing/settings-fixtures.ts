import type { TwilioSettingsView } from '@twilio-config/shared';

export const HEX32 = '0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';

/** Org A's settings as the API answers them once saved and validated. */
export const STORED_VIEW: TwilioSettingsView = {
  configured: true,
  enabled: true,
  accountSidMasked: 'AC…cdef',
  hasAuthToken: true,
  fromNumber: '+61412345678',
  messagingServiceSid: 'MG' + HEX32,
  conversationsServiceSid: 'IS' + HEX32,
  apiKeySid: 'SK' + HEX32,
  hasApiKeySecret: true,
  edge: 'sydney',
  region: 'au1',
  validated: true,
  validatedAt: '2026-11-24T10:00:00.000Z',
  webhook: { url: null, enabled: false, configured: false },
  credentialSource: 'organization',
  updatedAt: '2026-11-24T10:00:00.000Z',
  updatedBy: 'auth0|ana',
};

/** What the API answers for an organization without settings. */
export const EMPTY_VIEW: TwilioSettingsView = {
  configured: false,
  enabled: false,
  accountSidMasked: null,
  hasAuthToken: false,
  fromNumber: null,
  messagingServiceSid: null,
  conversationsServiceSid: null,
  apiKeySid: null,
  hasApiKeySecret: false,
  edge: null,
  region: null,
  validated: false,
  validatedAt: null,
  webhook: { url: null, enabled: false, configured: false },
  credentialSource: 'none',
  updatedAt: null,
  updatedBy: null,
};
