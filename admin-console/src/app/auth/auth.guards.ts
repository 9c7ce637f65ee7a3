import { inject } from '@angular/core';
import { CanActivateFn, Router, RouterStateSnapshot, UrlTree } from '@angular/router';
import { AuthService } from '@auth0/auth0-angular';
import { Observable, map, of, switchMap, take } from 'rxjs';
import { ACCESS_RESTRICTED_PATH, HOME_PATH, SIGN_IN_PROBLEM_PATH, Session } from './session';

/** Signed-in users go on; everyone else goes to the sign-in page and comes back to `state.url`. */
function whenSignedIn(state: RouterStateSnapshot, then: () => Observable<boolean | UrlTree>): Observable<boolean | UrlTree> {
  const auth = inject(AuthService);
  return auth.isAuthenticated$.pipe(
    take(1),
    switchMap((signedIn) =>
      signedIn ? then() : auth.loginWithRedirect({ appState: { target: state.url } }).pipe(map(() => false)),
    ),
  );
}

/**
 * The settings: signed in with a usable sign-in (an organization and a session start) and holding
 * the `support` role; otherwise the page that says which of these is missing.
 */
export const supportRoleGuard: CanActivateFn = (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  return whenSignedIn(state, () =>
    session.signInProblem().pipe(
      switchMap((problem) =>
        problem
          ? of(router.parseUrl(SIGN_IN_PROBLEM_PATH))
          : session.hasSupportRole().pipe(map((allowed) => allowed || router.parseUrl(ACCESS_RESTRICTED_PATH))),
      ),
    ),
  );
};

/** Pages for any signed-in user (e.g. "Access restricted", which names the user). */
export const signedInGuard: CanActivateFn = (_route, state) => whenSignedIn(state, () => of(true));

/** The start page is for signing in; a signed-in user goes straight to the settings. */
export const startPageGuard: CanActivateFn = () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return auth.isAuthenticated$.pipe(
    take(1),
    map((signedIn) => (signedIn ? router.parseUrl(HOME_PATH) : true)),
  );
};
