import type { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRequire } from 'node:module';
import path from 'node:path';
import { WORKSPACE_ROOT } from '@twilio-config/dev-stack';

/**
 * The API's own classes, loaded from backend/src at run time. Only a process started through
 * support/backend-sources.cjs can load them (SWC with decorator metadata). They are required by
 * path, not imported: the benchmarks measure the backend, they are not part of it. The interfaces
 * below are the few members used.
 */
export interface ClientFactory {
  getClient(orgId: string): Promise<{ client: object; settings: { accountSid: string; fromNumber: string | null } }>;
  invalidateCache(orgId: string): Promise<void>;
  readonly cachedOrganizations: number;
}

export interface SettingsRepository {
  findWithSecretsByOrg(orgId: string): Promise<{ orgId: string; accountSid: string; secrets: { authToken: unknown } } | null>;
  setEnabled(orgId: string, enabled: boolean, updatedBy: string, now: Date): Promise<boolean>;
}

export interface SecretContext {
  orgId: string;
  field: 'authToken';
}

export interface CredentialsCipher {
  encrypt(plaintext: string, context: SecretContext): object;
  decrypt(secret: unknown, context: SecretContext): string;
}

export interface SettingsService {
  setEnabled(user: { sub: string; orgId: string; roles: string[] }, enabled: boolean): Promise<unknown>;
}

export interface InvalidationBus {
  onInvalidate(handler: (orgId: string) => void): void;
}

const loadSource = createRequire(__filename);

function backendExport<T>(file: string, name: string): Type<T> {
  const loaded = loadSource(path.join(WORKSPACE_ROOT, 'backend/src', file)) as Record<string, Type<T>>;
  if (!loaded[name]) throw new Error(`backend/src/${file} no longer exports ${name}`);
  return loaded[name];
}

export const backend = {
  AppModule: () => backendExport<object>('app.module.ts', 'AppModule'),
  TwilioClientFactory: () => backendExport<ClientFactory>('twilio/twilio-client.factory.ts', 'TwilioClientFactory'),
  TwilioSettingsRepository: () => backendExport<SettingsRepository>('twilio-config/twilio-settings.repository.ts', 'TwilioSettingsRepository'),
  CredentialsCipher: () => backendExport<CredentialsCipher>('twilio-config/secrets/credentials-cipher.ts', 'CredentialsCipher'),
  TwilioSettingsService: () => backendExport<SettingsService>('twilio-config/twilio-settings.service.ts', 'TwilioSettingsService'),
  SettingsChangeBus: () => backendExport<InvalidationBus>('twilio/settings-change.bus.ts', 'SettingsChangeBus'),
};

/** One API instance without its HTTP server: the AppModule's providers, configured from process.env as main.ts does. */
export async function startBackendContext(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(backend.AppModule(), { logger: ['error', 'warn'] });
}
