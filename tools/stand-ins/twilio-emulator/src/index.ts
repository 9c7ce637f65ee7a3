export {
  startTwilioEmulator,
  type RunningTwilioEmulator,
  type TwilioEmulatorOptions,
} from './start-twilio-emulator';
export { EmulatorAdminClient, type WaitOptions } from './admin/admin-client';
export type {
  ApiExchange,
  ApiKeyType,
  CreateAccountOptions,
  CreateApiKeyOptions,
  CreatedApiKey,
  EmulatorAccountSummary,
  FaultSpec,
  PendingFault,
  SentMessage,
  ServiceWebhookConfiguration,
  SimulatedConversationMessage,
  WebhookDelivery,
} from './admin/admin-types';
export type { EmulatorSeed, AccountSeed, ApiKeySeed } from './store/seed';
export { PERMISSION_OF_OPERATION } from './twilio-api/api-key-access';
export { PROCESSING_REGIONS, type ProcessingRegion } from './twilio-api/regional-hosts';
export type { EmulatorTiming } from './runtime/timing';
export { twilioSignature } from './webhooks/twilio-signature';
export { SERVED_OPERATIONS, type OperationDescriptor } from './twilio-api/operations';
