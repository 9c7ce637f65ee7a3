import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readDemoUsers, signIn, startAuth0Local, type Auth0Local } from '@twilio-config/auth0-local';
import request from 'supertest';
import { configureApp } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { AppConfig } from '../../src/config/app-config';
import { testDatabaseUri, testEnvironment } from '../test-environment';

const CONSOLE_ORIGIN = 'http://localhost:4299';

describe('signing in through the local Auth0-compatible provider (code + PKCE) and calling the API', () => {
  let provider: Auth0Local;
  let app: INestApplication;

  beforeAll(async () => {
    provider = await startAuth0Local({ port: 0, redirectUris: [`${CONSOLE_ORIGIN}/`], allowedOrigins: [CONSOLE_ORIGIN] });
    const config = AppConfig.fromEnvironment(
      testEnvironment({ MONGODB_URI: testDatabaseUri('local-provider'), AUTH0_ISSUER_URL: provider.issuer, AUTH0_AUDIENCE: provider.audience }),
    );
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(AppConfig).useValue(config).compile();
    app = moduleRef.createNestApplication({ bufferLogs: true });
    configureApp(app);
    await app.init();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await provider?.stop();
  });

  const signInAs = async (name: string) => {
    const user = readDemoUsers().find((candidate) => candidate.name === name)!;
    const { tokens } = await signIn({
      domain: provider.domain,
      clientId: provider.clientId,
      redirectUri: `${CONSOLE_ORIGIN}/`,
      audience: provider.audience,
      username: user.email,
      password: user.password,
      origin: CONSOLE_ORIGIN,
    });
    return { user, accessToken: tokens.access_token };
  };

  it("lets the support user of organization A read organization A's settings", async () => {
    const { accessToken } = await signInAs('Ana Support');
    const response = await request(app.getHttpServer()).get('/api/twilio-config/settings').set('Authorization', `Bearer ${accessToken}`).expect(200);
    expect(response.body).toMatchObject({ configured: false });
  });

  it('gives the API the organization and roles of the token the provider issued', async () => {
    const { user, accessToken } = await signInAs('Ben Support');
    const audit = await request(app.getHttpServer()).get('/api/twilio-config/audit').set('Authorization', `Bearer ${accessToken}`).expect(200);
    expect(audit.body).toEqual({ items: [] });
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ org_id: user.orgId, iss: provider.issuer, 'https://twilio-config/roles': ['support'] });
  });

  it('answers 403 to the user without the support role', async () => {
    const { accessToken } = await signInAs('Carla Viewer');
    const response = await request(app.getHttpServer()).get('/api/twilio-config/settings').set('Authorization', `Bearer ${accessToken}`).expect(403);
    expect(response.body.code).toBe('FORBIDDEN');
  });
});
