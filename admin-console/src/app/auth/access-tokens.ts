import { Injectable, inject } from '@angular/core';
import { AuthService } from '@auth0/auth0-angular';
import { Observable, finalize, map, shareReplay } from 'rxjs';

/** The SDK answers `undefined` where it has no token to give; for a caller that is a failure. */
const present = map((token: string | undefined): string => {
  if (!token) throw new Error('No access token is available');
  return token;
});

/** The access token for the API, from the Auth0 SDK's cache (which renews an expired one by itself). */
@Injectable({ providedIn: 'root' })
export class AccessTokens {
  private readonly auth = inject(AuthService);
  private forcedRefresh: Observable<string> | null = null;

  current(): Observable<string> {
    return this.auth.getAccessTokenSilently().pipe(present);
  }

  /**
   * A new access token from the refresh token, bypassing the cache. Callers that ask while a
   * refresh is under way share it: refresh tokens rotate, and using a rotated one twice ends the
   * whole grant at the provider.
   */
  refreshed(): Observable<string> {
    this.forcedRefresh ??= this.auth.getAccessTokenSilently({ cacheMode: 'off' }).pipe(
      present,
      finalize(() => (this.forcedRefresh = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.forcedRefresh;
  }
}
