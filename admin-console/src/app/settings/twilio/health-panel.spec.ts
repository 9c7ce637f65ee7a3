import type { WebhookDriftView } from '@twilio-config/shared';
import { driftAsWebhookStatus } from './health-panel';
import { describeWebhookReason } from './webhook-section';

const drift: WebhookDriftView = {
  monitored: true,
  drifted: true,
  since: '2026-11-24T10:00:00Z',
  checkedAt: '2026-11-24T10:05:00Z',
  reasons: ['method_mismatch', 'filters_mismatch'],
  stored: { url: 'https://api.example.com/api/twilio/conversations-webhook', method: 'POST', filters: ['onMessageAdded', 'onConversationAdded'] },
  twilio: { url: 'https://api.example.com/api/twilio/conversations-webhook', method: 'GET', filters: ['onMessageAdded'] },
};

describe(driftAsWebhookStatus.name, () => {
  it('words what drifted with the values Twilio held at the last check', () => {
    const status = driftAsWebhookStatus(drift);
    expect(describeWebhookReason('method_mismatch', status)).toBe('Twilio uses GET instead of POST.');
    expect(describeWebhookReason('filters_mismatch', status)).toBe('Twilio sends other events than expected: missing onConversationAdded.');
    expect(status).toMatchObject({ inSync: false, reasons: ['method_mismatch', 'filters_mismatch'] });
  });
});
