import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const CONVERSATIONS_METRICS = {
  webhookRequests: 'twilio_conversations_webhook_requests_total',
} as const;

export type WebhookRequestOutcome = 'accepted' | 'duplicate' | 'rejected' | 'limited';

export const conversationsMetricProviders = [
  makeCounterProvider({
    name: CONVERSATIONS_METRICS.webhookRequests,
    help: 'Inbound Conversations webhook requests by outcome (accepted, duplicate, rejected, limited: over the organization bounds)',
    labelNames: ['outcome'],
  }),
];
