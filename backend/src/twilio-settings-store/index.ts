// The settings store's public face: everything above this layer imports from here, never from
// the files behind it (an ESLint rule in eslint.config.mjs holds that).
export { TwilioSettingsStoreModule } from './twilio-settings-store.module';
export { TwilioSettingsRepository, type StoredTwilioSettings, type StoredTwilioSettingsWithSecrets } from './twilio-settings.repository';
export { TwilioSecrets } from './secrets/twilio-secrets';
export { CredentialsUnreadableError } from './secrets/credentials-cipher';
export { CredentialsReencryptionService } from './secrets/credentials-reencryption.service';
export { AuditLog } from './audit/audit-log';
export { actorName, operatorActor, userActor, type Actor } from './audit/actor';
export { SettingsChangeBus, SettingsSyncFailedError } from './settings-change.bus';
export { AuthTokenRotationStore } from './auth-token-rotation/auth-token-rotation.store';
export type { StoredAuthTokenRotation } from './auth-token-rotation/auth-token-rotation.repository';
export { WebhookDriftRepository, type ObservedWebhook, type StoredWebhookDrift } from './webhook-drift.repository';
