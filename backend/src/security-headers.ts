import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig } from './config/app-config';
import { SWAGGER_UI_PATH } from './swagger';

/**
 * Security headers (helmet) on every answer, and no `X-Powered-By`. The API answers JSON only, so
 * its policy allows nothing to load. Swagger UI gets its own: its scripts, styles and data: icons
 * from here, the token request to the issuer (Auth0's /oauth/token, from the browser), and no
 * opener policy, because the sign-in popup hands the code back to its opener (docs/operations/auth0.md).
 */
export function useSecurityHeaders(app: INestApplication): void {
  const { issuerUrl } = app.get(AppConfig).auth0;
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  const forApi = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const forSwaggerUi = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", new URL(issuerUrl).origin],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginOpenerPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  const swaggerUiPrefix = `/${SWAGGER_UI_PATH}`;
  app.use((request: Request, response: Response, next: NextFunction) =>
    (request.path === swaggerUiPrefix || request.path.startsWith(`${swaggerUiPrefix}/`) ? forSwaggerUi : forApi)(request, response, next),
  );
}
