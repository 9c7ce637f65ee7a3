import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readDemoUsers, refreshTokens, signIn, startAuth0Local, type Auth0Local, type TokenSet } from '@twilio-config/auth0-local';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { configureApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { testDatabaseUri, testEnvironment } from '../test-environment';
import { SESSION_EXPIRED, SESSION_START_MISSING } from './support/expected-errors';

const CONSOLE_ORIGIN = 'http://localhost:4298';
const SETTINGS = '/api/twilio-config/settings';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function startApi(provider: Auth0Local, environment: Record<string, string> = {}): Promise<INestApplication> {
  const config = AppConfig.fromEnvironment(
    testEnvironment({ MONGODB_URI: testDatabaseUri('session-limit'), AUTH0_ISSUER_URL: provider.issuer, AUTH0_AUDIENCE: provider.audience, ...environment }),
  );
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(AppConfig).useValue(config).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app);
  await app.init();
  return app;
}

function client(provider: Auth0Local) {
  return { domain: provider.domain, clientId: provider.clientId, redirectUri: `${CONSOLE_ORIGIN}/`, audience: provider.audience, origin: CONSOLE_ORIGIN };
}

async function signInAna(provider: Auth0Local): Promise<TokenSet> {
  const ana = readDemoUsers().find((user) => user.name === 'Ana Support')!;
  return (await signIn({ ...client(provider), username: ana.email, password: ana.password })).tokens;
}

async function refreshed(provider: Auth0Local, refreshToken: string): Promise<TokenSet> {
  const response = await refreshTokens(client(provider), refreshToken);
  expect(response.status).toBe(200);
  return (await response.json()) as TokenSet;
}

describe('the session limit with tokens as Auth0 issues them (local provider running the post-login Action)', () => {
  describe('a session older than SESSION_MAX_HOURS', () => {
    // 0.001 h = 3.6 s at the API; the provider itself would go on refreshing for 10 hours.
    const SESSION_MAX_HOURS = 0.001;
    let provider: Auth0Local;
    let app: INestApplication;

    beforeAll(async () => {
      provider = await startAuth0Local({ port: 0, redirectUris: [`${CONSOLE_ORIGIN}/`], allowedOrigins: [CONSOLE_ORIGIN] });
      app = await startApi(provider, { SESSION_MAX_HOURS: String(SESSION_MAX_HOURS) });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await provider?.stop();
    });

    it('is refused with SESSION_EXPIRED, however many times its tokens were refreshed', async () => {
      let tokens = await signInAna(provider);
      const signedInAt = Date.now();
      for (let refresh = 0; refresh < 3; refresh += 1) {
        await request(app.getHttpServer()).get(SETTINGS).set('Authorization', `Bearer ${tokens.access_token}`).expect(200);
        tokens = await refreshed(provider, tokens.refresh_token!);
      }
      await pause(Math.max(0, signedInAt + SESSION_MAX_HOURS * 3_600_000 + 1_500 - Date.now()));
      for (let refresh = 0; refresh < 3; refresh += 1) {
        tokens = await refreshed(provider, tokens.refresh_token!);
        const response = await request(app.getHttpServer()).get(SETTINGS).set('Authorization', `Bearer ${tokens.access_token}`);
        expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: SESSION_EXPIRED });
      }
    });
  });

  describe('a tenant without the post-login Action', () => {
    let provider: Auth0Local;
    let app: INestApplication;
    let actionDir: string;

    beforeAll(async () => {
      actionDir = await mkdtemp(path.join(tmpdir(), 'no-session-claims-'));
      const action = path.join(actionDir, 'roles-only.js');
      // What a tenant with only a roles Action issues: no session start at all.
      await writeFile(action, "exports.onExecutePostLogin = async (event, api) => { api.accessToken.setCustomClaim('https://twilio-config/roles', event.authorization.roles); };");
      provider = await startAuth0Local({ port: 0, redirectUris: [`${CONSOLE_ORIGIN}/`], allowedOrigins: [CONSOLE_ORIGIN], postLoginAction: action });
      app = await startApi(provider);
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await provider?.stop();
      await rm(actionDir, { recursive: true, force: true });
    });

    it('gets 401 SESSION_START_MISSING, whose message names the Action to install', async () => {
      const tokens = await signInAna(provider);
      const response = await request(app.getHttpServer()).get(SETTINGS).set('Authorization', `Bearer ${tokens.access_token}`);
      expect({ status: response.status, body: response.body }).toEqual({ status: 401, body: SESSION_START_MISSING });
      expect(response.body.message).toContain('post-login Action');
    });
  });
});
