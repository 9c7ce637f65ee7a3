import type { WebhookStatus } from '@twilio-config/shared';
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
    expect(describeWebhookReason('not_set', status({ twilio: null }))).toBe('Twilio has no webhook for this Conversations Service yet.');
  });
});

describe(healthReasonInWords.name, () => {
  it('adds the way to mend a webhook out of sync to the API\u2019s words', () => {
    expect(healthReasonInWords({ name: 'webhook', reason: 'Twilio has no webhook set (not_set)' })).toBe(
      'Twilio has no webhook set (not_set). Use "Configure Webhook in Twilio" below.',
    );
  });

  it('keeps the API\u2019s own words for the other checks', () => {
    expect(healthReasonInWords({ name: 'from_number', reason: '+1555 is not a number of this Twilio account' })).toBe(
      '+1555 is not a number of this Twilio account',
    );
    expect(healthReasonInWords({ name: 'credentials', reason: null })).toBeNull();
  });
});
