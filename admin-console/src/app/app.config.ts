import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { TitleStrategy, provideRouter } from '@angular/router';
import { AuthConfig, provideAuth0 } from '@auth0/auth0-angular';
import { routes } from './app.routes';
import { apiAuthInterceptor } from './auth/api-auth.interceptor';
import { RUNTIME_CONFIG, RuntimeConfig } from './runtime-config/runtime-config';
import { PageTitleStrategy } from './shell/page-title.strategy';

/** The Auth0 SDK's options for this deployment (read from config.json at start-up). */
export function auth0Options(config: RuntimeConfig, origin: string = window.location.origin): AuthConfig {
  return {
    // A bare tenant domain (tenant.eu.auth0.com) gets https:// from the SDK; the local provider's
    // http://127.0.0.1:PORT is passed with its scheme, and no `issuer` (the SDK forces https on it).
    domain: config.auth0Domain,
    clientId: config.auth0ClientId,
    // `organization`: sign in within that Auth0 organization, so the token carries its org_id.
    authorizationParams: {
      audience: config.auth0Audience,
      redirect_uri: origin,
      ...(config.organization === undefined ? {} : { organization: config.organization }),
    },
    // Tokens only in memory, renewed with rotating refresh tokens (no third-party cookies needed).
    cacheLocation: 'memory',
    useRefreshTokens: true,
    useRefreshTokensFallback: false,
    errorPath: '/',
  };
}

export function appConfig(config: RuntimeConfig): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZonelessChangeDetection(),
      provideRouter(routes),
      { provide: TitleStrategy, useClass: PageTitleStrategy },
      provideHttpClient(withFetch(), withInterceptors([apiAuthInterceptor])),
      { provide: RUNTIME_CONFIG, useValue: config },
      provideAuth0(auth0Options(config)),
    ],
  };
}
