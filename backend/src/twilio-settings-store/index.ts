// The settings store's public face: everything above this layer imports from here, never from
// the files behind it (an ESLint rule in eslint.config.mjs holds that).
export { TwilioSettingsStoreModule } from './twilio-settings-store.module';
export {
  TwilioSettingsRepository,
  type SecretField,
  type StoredTwilioSettings,
  type StoredTwilioSettingsWithSecrets,
  type StoredWebhookSettings,
} from './twilio-settings.repository';
export { TwilioSecrets, type PlainTwilioSecrets } from './secrets/twilio-secrets';
export { CredentialsUnreadableError } from './secrets/credentials-cipher';
export { CredentialsReencryptionService, type ReencryptionSummary } from './secrets/credentials-reencryption.service';
export { AuditLog } from './audit/audit-log';
export { actorName, operatorActor, userActor, type Actor, type OperatorCommand } from './audit/actor';
export { SettingsChangeBus } from './settings-change.bus';
