export {
  startTwilioEmulator,
  type RunningTwilioEmulator,
  type TwilioEmulatorOptions,
} from './start-twilio-emulator';
export { EmulatorAdminClient, type WaitOptions } from './admin/admin-client';
export type {
  ApiExchange,
  CreateAccountOptions,
  CreatedApiKey,
  EmulatorAccountSummary,
  FaultSpec,
  PendingFault,
  SentMessage,
  ServiceWebhookConfiguration,
  SimulatedConversationMessage,
  WebhookDelivery,
} from './admin/admin-types';
export type { EmulatorSeed, AccountSeed } from './store/seed';
export type { EmulatorTiming } from './runtime/timing';
export { twilioSignature } from './webhooks/twilio-signature';
export { SERVED_OPERATIONS, type OperationDescriptor } from './twilio-api/operations';
