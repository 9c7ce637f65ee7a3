import { Controller, Get, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import request from 'supertest';
import { AppModule } from '../../../src/app.module';
import { configureApp } from '../../../src/app.factory';
import { AuthenticatedUser } from '../../../src/auth/authenticated-user';
import { CurrentUser } from '../../../src/auth/current-user.decorator';
import { Public } from '../../../src/auth/public.decorator';
import { RequireRoles } from '../../../src/auth/require-roles.decorator';
import { AppConfig } from '../../../src/config/app-config';
import { testDatabaseUri, testEnvironment } from '../../test-environment';
import { ORG_CLAIM, ROLES_CLAIM, SESSION_MAX_HOURS, TEST_AUDIENCE } from './test-tokens';

/** The probe routes the tests call; one place to change should the API get a global prefix. */
export const ROUTES = {
  public: '/auth-probe/public',
  signedIn: '/auth-probe/signed-in',
  supportOnly: '/auth-probe/support',
} as const;

@Controller('auth-probe')
class AuthProbeController {
  @Public()
  @Get('public')
  publicRoute(): { reached: 'public' } {
    return { reached: 'public' };
  }

  @Get('signed-in')
  signedIn(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }
}

/** Protected as the lead's /api/twilio-config controllers are: the role check at controller level. */
@RequireRoles(SUPPORT_ROLE)
@Controller('auth-probe/support')
class SupportProbeController {
  @Get()
  supportOnly(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }
}

@Module({ controllers: [AuthProbeController, SupportProbeController] })
class AuthProbeModule {}

export interface AuthTestApp {
  readonly app: INestApplication;
  /** Where the app listens, e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  get(path: string, authorization?: string): Promise<request.Response>;
  close(): Promise<void>;
}

/**
 * The real AppModule (global filter, pipe and guards, real AuthModule) plus the probe routes,
 * listening on a real port, configured to trust `issuer` and read its JWKS from the default
 * `{issuer}.well-known/jwks.json`.
 */
export async function startAuthTestApp(issuer: string, environment: Record<string, string> = {}): Promise<AuthTestApp> {
  const config = AppConfig.fromEnvironment(
    testEnvironment({
      MONGODB_URI: testDatabaseUri('auth'),
      AUTH0_ISSUER_URL: issuer,
      AUTH0_AUDIENCE: TEST_AUDIENCE,
      AUTH0_ROLES_CLAIM: ROLES_CLAIM,
      AUTH0_ORG_CLAIM: ORG_CLAIM,
      SESSION_MAX_HOURS: String(SESSION_MAX_HOURS),
      ...environment,
    }),
  );
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, AuthProbeModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  return {
    app,
    baseUrl,
    get: (path, authorization) => {
      const call = request(baseUrl).get(path);
      return authorization === undefined ? call : call.set('Authorization', authorization);
    },
    close: () => app.close(),
  };
}
