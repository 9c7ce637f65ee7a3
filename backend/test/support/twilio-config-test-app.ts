import { INestApplication, type Type } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test } from '@nestjs/testing';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { Connection } from 'mongoose';
import request from 'supertest';
import { configureApp } from '../../src/app.factory';
import { Clock } from '../../src/common/clock';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { TwilioClientFactory } from '../../src/twilio/twilio-client.factory';
import { JwksTestServer } from '../auth/support/jwks-test-server';
import { ORG_CLAIM, ROLES_CLAIM, TEST_AUDIENCE, TestTokens } from '../auth/support/test-tokens';
import { testDatabaseUri, testEnvironment } from '../test-environment';

export const ORG_A = 'org_A1b2C3d4E5f6G7h8';
export const ORG_B = 'org_B2c3D4e5F6g7H8i9';

export interface TwilioConfigTestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  emulator: RunningTwilioEmulator;
  connection: Connection;
  config: AppConfig;
  /** A real RS256 access token for a support user of `orgId` (or with other roles). */
  tokenFor(orgId: string, options?: { sub?: string; roles?: string[] }): string;
  /** `Authorization` header value for a support user of `orgId`. */
  bearer(orgId: string, options?: { sub?: string; roles?: string[] }): string;
  /** Erases every organization's settings behind the API's back, and drops what it cached of them. */
  clearAllSettings(): Promise<void>;
  /** A fresh Twilio account in the emulator with a number, a Messaging and a Conversations Service. */
  createTwilioAccount(): Promise<EmulatorAccountSummary>;
  close(): Promise<void>;
}

/**
 * The real API (AppModule with its global guards, pipe and filter) against the run's FerretDB, the
 * Twilio emulator and an issuer whose JWKS this test serves: nothing of ours is stubbed.
 */
export async function startTwilioConfigTestApp(
  name: string,
  environment: Record<string, string> = {},
  options: {
    emulator?: RunningTwilioEmulator;
    clock?: Clock;
    /** Modules added beside AppModule, e.g. a test's probe routes. */
    imports?: Type[];
  } = {},
): Promise<TwilioConfigTestApp> {
  const tokens = new TestTokens('pending');
  const jwks = await JwksTestServer.start(tokens.key);
  const issuerTokens = new TestTokens(jwks.issuer, tokens.key);
  const emulator = options.emulator ?? (await startTwilioEmulator({ port: 0 }));
  const config = AppConfig.fromEnvironment(
    testEnvironment({
      MONGODB_URI: testDatabaseUri(name),
      AUTH0_ISSUER_URL: jwks.issuer,
      AUTH0_AUDIENCE: TEST_AUDIENCE,
      AUTH0_ROLES_CLAIM: ROLES_CLAIM,
      AUTH0_ORG_CLAIM: ORG_CLAIM,
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_TIMEOUT_MS: '1500',
      TWILIO_ENV_FALLBACK: 'false',
      PUBLIC_BASE_URL: 'https://api.example.test',
      ...environment,
    }),
  );
  let testing = Test.createTestingModule({ imports: [AppModule, ...(options.imports ?? [])] }).overrideProvider(AppConfig).useValue(config);
  if (options.clock) testing = testing.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await testing.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true, rawBody: true });
  configureApp(app);
  await app.init();
  const connection = app.get<Connection>(getConnectionToken());
  await Promise.all(Object.values(connection.models).map((model) => model.init()));
  const tokenFor = (orgId: string, { sub = `auth0|support-${orgId}`, roles = [SUPPORT_ROLE] } = {}) =>
    issuerTokens.sign({ [ORG_CLAIM]: orgId, sub, [ROLES_CLAIM]: roles });
  return {
    app,
    http: request(app.getHttpServer()),
    emulator,
    connection,
    config,
    tokenFor,
    bearer: (orgId, tokenOptions) => `Bearer ${tokenFor(orgId, tokenOptions)}`,
    clearAllSettings: async () => {
      const settings = connection.collection<{ orgId: string }>('twilio_settings');
      const orgIds = (await settings.find({}, { projection: { orgId: 1 } }).toArray()).map((doc) => doc.orgId);
      await settings.deleteMany({});
      for (const orgId of orgIds) await app.get(TwilioClientFactory).invalidateCache(orgId);
    },
    createTwilioAccount: () => {
      const phoneNumber = uniquePhoneNumber();
      return emulator.admin.createAccount({
        phoneNumbers: [phoneNumber],
        messagingServices: [{ friendlyName: 'Notifications', phoneNumbers: [phoneNumber] }],
        conversationsServices: [{ friendlyName: 'Support chat' }],
      });
    },
    close: async () => {
      await app.close();
      if (!options.emulator) await emulator.stop();
      await jwks.close();
    },
  };
}

let phoneNumberSequence = 0;

/** Phone numbers are owned by one account only, across every test app of the run. */
function uniquePhoneNumber(): string {
  phoneNumberSequence += 1;
  return `+614${String(process.pid % 1000).padStart(3, '0')}${String(phoneNumberSequence).padStart(5, '0')}`;
}

/** The body support staff post to save an account's settings. */
export function settingsFor(account: EmulatorAccountSummary, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountSid: account.accountSid,
    authToken: account.authToken,
    fromNumber: account.phoneNumbers[0].phoneNumber,
    conversationsServiceSid: account.conversationsServices[0]?.sid,
    ...overrides,
  };
}
