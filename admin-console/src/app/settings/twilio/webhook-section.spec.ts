import { HEALTH_REASONS, type WebhookStatus } from '@twilio-config/shared';
import { healthReasonInWords } from './health-panel';
import { describeWebhookReason } from './webhook-section';

const status = (patch: Partial<WebhookStatus>): WebhookStatus => ({
  stored: {
    url: 'https://api.example.com/api/twilio/conversations-webhook',
    method: 'POST',
    filters: ['onMessageAdded', 'onConversationAdded', 'onConversationRemoved', 'onParticipantAdded', 'onParticipantRemoved'],
  },
  twilio: { url: 'https://old.example.com/hook', method: 'GET', filters: ['onMessageAdded', 'onMessageUpdated'] },
  inSync: false,
  reasons: [],
  ...patch,
});

describe(describeWebhookReason.name, () => {
  it('says where Twilio posts instead', () => {
    expect(describeWebhookReason('url_mismatch', status({}))).toBe(
      'Twilio posts to https://old.example.com/hook, not to https://api.example.com/api/twilio/conversations-webhook.',
    );
  });

  it('names the missing and the extra events', () => {
    expect(describeWebhookReason('filters_mismatch', status({}))).toBe(
      'Twilio sends other events than expected: missing onConversationAdded, onConversationRemoved, onParticipantAdded, onParticipantRemoved; also sends onMessageUpdated.',
    );
  });

  it('explains the method and an unset webhook', () => {
    expect(describeWebhookReason('method_mismatch', status({}))).toBe('Twilio uses GET instead of POST.');
    expect(describeWebhookReason('not_set', status({ twilio: null }))).toBe('Twilio has no webhook set for this Conversations Service yet.');
  });

  it('words every reason without the values where there is no status (the health panel)', () => {
    expect(describeWebhookReason('url_mismatch')).toBe('Twilio posts to another URL than the one stored here.');
    expect(describeWebhookReason('filters_mismatch')).toBe('Twilio sends other events than expected.');
  });
});

describe(healthReasonInWords.name, () => {
  it('words a webhook reason code once, with the way to mend it', () => {
    expect(healthReasonInWords({ name: 'webhook', reason: 'not_set' })).toBe(
      'Twilio has no webhook set for this Conversations Service yet. Use "Configure Webhook in Twilio" below.',
    );
  });

  it('words every other reason code the API answers', () => {
    expect(healthReasonInWords({ name: 'from_number', reason: 'from_number_not_owned' })).toBe(
      'The from number is not a number of this Twilio account.',
    );
    expect(healthReasonInWords({ name: 'credentials', reason: 'not_configured' })).toContain('not configured');
    for (const reason of HEALTH_REASONS) expect(healthReasonInWords({ name: 'credentials', reason })).toEqual(expect.any(String));
    expect(healthReasonInWords({ name: 'credentials', reason: null })).toBeNull();
  });

  it('names the permission a Restricted key lacks for the capability checked', () => {
    expect(healthReasonInWords({ name: 'messaging_service', reason: 'permission_missing' })).toBe(
      'The API key may not read the Messaging Service: give a Restricted key /twilio/messaging/services/read, or use a Standard key.',
    );
  });
});
