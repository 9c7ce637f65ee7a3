import { HttpErrorResponse, HttpEvent, HttpHandlerFn, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import type { ApiErrorBody } from '@twilio-config/shared';
import { Observable, catchError, switchMap, take, throwError } from 'rxjs';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { AccessTokens } from './access-tokens';
import { Session } from './session';

/** True only for a URL on the API's origin: the access token never goes anywhere else. */
export function isApiRequest(url: string, apiOrigin: string, base: string = document.baseURI): boolean {
  try {
    return new URL(url, base).origin === apiOrigin;
  } catch {
    return false;
  }
}

function errorCode(error: HttpErrorResponse): string | undefined {
  const body = error.error as Partial<ApiErrorBody> | null | undefined;
  return typeof body === 'object' && body !== null && typeof body.code === 'string' ? body.code : undefined;
}

function isAuthRefusal(error: unknown): error is HttpErrorResponse {
  return error instanceof HttpErrorResponse && (error.status === 401 || error.status === 403);
}

/** What callers see when no token could be had: the same shape as the API's own 401. */
export class SessionRenewalFailed extends HttpErrorResponse {
  constructor(request: HttpRequest<unknown>) {
    const error: ApiErrorBody = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Your session could not be renewed.' };
    super({ status: 401, statusText: 'Unauthorized', url: request.urlWithParams, error });
  }
}

/**
 * Adds the access token to API calls. On a 401/403 it gets a fresh token once and retries once;
 * if that fails too, the session has ended (401) or the role is missing (403) — never a loop.
 * A 401 SESSION_EXPIRED is the session limit (SESSION_MAX_HOURS), and SESSION_START_MISSING a
 * tenant without the post-login Action: a new token cannot help with either, so neither is retried.
 */
export const apiAuthInterceptor: HttpInterceptorFn = (request, next) => {
  const { apiOrigin } = inject(RUNTIME_CONFIG);
  if (!isApiRequest(request.url, apiOrigin)) return next(request);
  const tokens = inject(AccessTokens);
  const session = inject(Session);

  const sendWith = (token$: Observable<string>): Observable<HttpEvent<unknown>> =>
    token$.pipe(
      take(1),
      catchError(() => {
        session.end('renewal-failed');
        return throwError(() => new SessionRenewalFailed(request));
      }),
      switchMap((token) => sendAuthorized(request, next, token)),
    );

  return sendWith(tokens.current()).pipe(
    catchError((first: unknown) => {
      if (!isAuthRefusal(first) || first instanceof SessionRenewalFailed) return throwError(() => first);
      if (first.status === 401 && errorCode(first) === 'SESSION_EXPIRED') {
        session.end('max-age');
        return throwError(() => first);
      }
      if (first.status === 401 && errorCode(first) === 'SESSION_START_MISSING') {
        session.reportProblem('no-session-start');
        return throwError(() => first);
      }
      return sendWith(tokens.refreshed()).pipe(
        catchError((second: unknown) => {
          if (second instanceof SessionRenewalFailed) return throwError(() => second);
          if (second instanceof HttpErrorResponse && second.status === 401) {
            session.end(errorCode(second) === 'SESSION_EXPIRED' ? 'max-age' : 'rejected');
          } else if (second instanceof HttpErrorResponse && second.status === 403) {
            session.restrict();
          }
          return throwError(() => second);
        }),
      );
    }),
  );
};

function sendAuthorized(request: HttpRequest<unknown>, next: HttpHandlerFn, token: string): Observable<HttpEvent<unknown>> {
  return next(request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }));
}
