export * from './validation/twilio-sid';
export * from './validation/e164';
export * from './validation/twilio-edge';
export * from './validation/sms-body';
export * from './validation/webhook-url';
export * from './api/twilio-config.contract';
export * from './api/twilio-capabilities.contract';
export * from './api/api-error.contract';
