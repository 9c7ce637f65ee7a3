import { makeCounterProvider, makeHistogramProvider } from '@willsoto/nestjs-prometheus';

/** The product's Prometheus metrics, scraped at `/metrics` (docs/architecture.md, "Errors, logs and metrics"). */
export const TWILIO_METRICS = {
  clientCacheHits: 'twilio_client_cache_hits_total',
  clientCacheMisses: 'twilio_client_cache_misses_total',
  credentialValidationSeconds: 'twilio_credential_validation_duration_seconds',
  smsSent: 'twilio_sms_sent_total',
  smsFailed: 'twilio_sms_failed_total',
  webhookConfigurationErrors: 'twilio_webhook_configuration_errors_total',
} as const;

export const twilioMetricProviders = [
  makeCounterProvider({ name: TWILIO_METRICS.clientCacheHits, help: 'getClient calls answered from the per-organization cache' }),
  makeCounterProvider({ name: TWILIO_METRICS.clientCacheMisses, help: 'getClient calls that loaded settings from the database' }),
  makeHistogramProvider({
    name: TWILIO_METRICS.credentialValidationSeconds,
    help: 'Time to validate credentials with Twilio',
    labelNames: ['outcome'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  }),
  makeCounterProvider({ name: TWILIO_METRICS.smsSent, help: 'SMS accepted by Twilio, per organization', labelNames: ['org_id'] }),
  makeCounterProvider({ name: TWILIO_METRICS.smsFailed, help: 'SMS Twilio refused or failed, per organization', labelNames: ['org_id'] }),
  makeCounterProvider({
    name: TWILIO_METRICS.webhookConfigurationErrors,
    help: 'Failed Conversations webhook configurations, per organization',
    labelNames: ['org_id'],
  }),
];
