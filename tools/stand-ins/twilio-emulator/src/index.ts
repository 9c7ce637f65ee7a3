export {
  startTwilioEmulator,
  type RunningTwilioEmulator,
  type TwilioEmulatorOptions,
} from './start-twilio-emulator';
export { EmulatorAdminClient, type WaitOptions } from './admin/admin-client';
export type {
  ApiExchange,
  ApiKeyType,
  ConsoleConversationsWebhookEdit,
  ConsoleMessagingServiceEdit,
  ConsolePhoneNumberEdit,
  CreateAccountOptions,
  CreateApiKeyOptions,
  CreatedApiKey,
  DeliveryOutcome,
  DeliveryOutcomeSpec,
  EmulatorAccountSummary,
  OptOutEntry,
  FaultSpec,
  PendingFault,
  ReceivedInboundMessage,
  SentMessage,
  ServiceWebhookConfiguration,
  SimulatedConversationMessage,
  SimulatedInboundMessage,
  WebhookDelivery,
} from './admin/admin-types';
export { DEFAULT_STATUS_OF_ERROR } from './messaging/delivery-outcomes';
export { HELP_KEYWORDS, OPT_IN_KEYWORDS, OPT_OUT_KEYWORDS, type OptOutType } from './messaging/opt-outs';
export type { EmulatorSeed, AccountSeed, ApiKeySeed } from './store/seed';
export { PERMISSION_OF_OPERATION } from './twilio-api/api-key-access';
export { PROCESSING_REGIONS, type ProcessingRegion } from './twilio-api/regional-hosts';
export type { EmulatorTiming } from './runtime/timing';
export { twilioSignature } from './webhooks/twilio-signature';
export { SERVED_OPERATIONS, type OperationDescriptor } from './twilio-api/operations';
