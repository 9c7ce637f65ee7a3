import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const MESSAGING_METRICS = {
  webhookRequests: 'twilio_messaging_webhook_requests_total',
} as const;

/** Which of Programmable Messaging's webhooks a request came to. */
export type MessagingWebhook = 'status_callback' | 'incoming_message';

/** `accepted`: genuine and handled; `rejected`: refused with 403 (not Twilio's signature, or no organization). */
export type MessagingWebhookOutcome = 'accepted' | 'rejected';

export const messagingMetricProviders = [
  makeCounterProvider({
    name: MESSAGING_METRICS.webhookRequests,
    help: 'Inbound Programmable Messaging webhook requests (status callbacks, incoming messages) by outcome (accepted, rejected)',
    labelNames: ['webhook', 'outcome'],
  }),
];
