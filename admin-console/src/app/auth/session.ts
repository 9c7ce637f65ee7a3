import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import { AuthService } from '@auth0/auth0-angular';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { Observable, catchError, filter, map, of, switchMap, take } from 'rxjs';
import { RUNTIME_CONFIG } from '../runtime-config/runtime-config';
import { AccessTokens } from './access-tokens';
import { Claims, SignInProblem, decodeJwtPayload, rolesIn, sessionStartOf, signInProblemOf, stringClaim } from './token-claims';

export interface SignedInUser {
  readonly subject: string;
  readonly name: string;
  readonly email: string | undefined;
  readonly orgId: string | undefined;
  /** Auth0 Organizations' display name where the tenant adds `org_name`; the org id otherwise. */
  readonly orgLabel: string;
}

/** Why the console stopped using the session; every reason shows the same "sign in again" page. */
export type SessionEndReason = 'max-age' | 'rejected' | 'renewal-failed';

export const SESSION_ENDED_PATH = '/session-ended';
export const ACCESS_RESTRICTED_PATH = '/access-restricted';
export const SIGN_IN_PROBLEM_PATH = '/sign-in-problem';
export const HOME_PATH = '/settings/twilio';

/** The signed-in user as the console sees them, and the ways a session starts and ends. */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly auth = inject(AuthService);
  private readonly tokens = inject(AccessTokens);
  private readonly router = inject(Router);
  private readonly config = inject(RUNTIME_CONFIG);
  private readonly claims = toSignal(this.auth.idTokenClaims$, { initialValue: null });
  private maxAgeTimer: ReturnType<typeof setTimeout> | undefined;
  private returnUrl = HOME_PATH;

  readonly isLoading = toSignal(this.auth.isLoading$, { initialValue: true });
  readonly isAuthenticated = toSignal(this.auth.isAuthenticated$, { initialValue: false });
  /** The last sign-in error (e.g. the provider refused), for the sign-in page. */
  readonly signInError = toSignal(this.auth.error$.pipe(map((error) => error.message)), { initialValue: null });
  readonly endReason = signal<SessionEndReason | null>(null);
  /** What the API said is wrong with the sign-in itself (e.g. 401 SESSION_START_MISSING), if anything. */
  private readonly reportedProblem = signal<SignInProblem | null>(null);
  readonly sessionMaxHours = this.config.sessionMaxHours;

  readonly user = computed<SignedInUser | null>(() => {
    const claims = this.claims() as Claims | null;
    if (!this.isAuthenticated() || !claims) return null;
    const orgId = stringClaim(claims, this.config.orgClaim);
    const email = stringClaim(claims, 'email');
    return {
      subject: stringClaim(claims, 'sub') ?? '',
      name: stringClaim(claims, 'name') ?? email ?? stringClaim(claims, 'sub') ?? 'Signed-in user',
      email,
      orgId,
      orgLabel: stringClaim(claims, 'org_name') ?? orgId ?? 'no organization',
    };
  });

  constructor() {
    const subscription = this.auth.isAuthenticated$
      .pipe(
        filter(Boolean),
        switchMap(() => this.tokenClaims()),
      )
      .subscribe((claims) => this.scheduleMaxAge(claims));
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      clearTimeout(this.maxAgeTimer);
    });
  }

  /**
   * The user's roles: from the ID token, or from the access token where the tenant puts the
   * roles claim only there. For what the console shows; the API checks every call itself.
   */
  roles(): Observable<string[]> {
    return this.auth.idTokenClaims$.pipe(
      take(1),
      switchMap((idClaims) => {
        const fromIdToken = rolesIn(idClaims as Claims | null, this.config.rolesClaim);
        if (fromIdToken) return of(fromIdToken);
        return this.tokenClaims().pipe(map((claims) => rolesIn(claims, this.config.rolesClaim) ?? []));
      }),
    );
  }

  /**
   * What keeps this sign-in from being used, whatever the user does in the console: a token
   * without an organization, or without a session start. Signing in again would give the same
   * token, so these get a page of their own instead of the sign-in (no loop).
   */
  signInProblem(): Observable<SignInProblem | null> {
    const reported = this.reportedProblem();
    if (reported) return of(reported);
    return this.tokenClaims().pipe(map((claims) => signInProblemOf(claims, this.config)));
  }

  /** The API refused the sign-in for a reason a new token cannot fix: show what is missing. */
  reportProblem(problem: SignInProblem): void {
    this.reportedProblem.set(problem);
    void this.router.navigateByUrl(SIGN_IN_PROBLEM_PATH);
  }

  hasSupportRole(): Observable<boolean> {
    return this.roles().pipe(map((roles) => roles.includes(SUPPORT_ROLE)));
  }

  signIn(target: string = this.returnUrl): void {
    this.auth.loginWithRedirect({ appState: { target } }).subscribe();
  }

  signOut(): void {
    this.auth.logout({ logoutParams: { returnTo: window.location.origin } }).subscribe();
  }

  /**
   * Stops using the session: forgets the tokens held in memory (so nothing retries with them)
   * and shows "your session has ended". Safe to call from several failing requests at once.
   */
  end(reason: SessionEndReason): void {
    if (this.endReason()) return;
    this.endReason.set(reason);
    clearTimeout(this.maxAgeTimer);
    if (!this.router.url.startsWith(SESSION_ENDED_PATH)) this.returnUrl = this.router.url || HOME_PATH;
    this.auth.logout({ openUrl: false }).subscribe();
    void this.router.navigateByUrl(SESSION_ENDED_PATH);
  }

  /** The API said this user may not do this (403 after a fresh token): show which role is needed. */
  restrict(): void {
    void this.router.navigateByUrl(ACCESS_RESTRICTED_PATH);
  }

  private tokenClaims(): Observable<Claims | undefined> {
    return this.tokens.current().pipe(
      take(1),
      map((token) => decodeJwtPayload(token)),
      catchError(() => of(undefined)),
    );
  }

  /** The session ends SESSION_MAX_HOURS after sign-in, even while the page stays open. */
  private scheduleMaxAge(claims: Claims | undefined): void {
    const startedAt = sessionStartOf(claims, this.config.sessionStartClaim);
    if (startedAt === undefined) return;
    const endsAt = (startedAt + this.config.sessionMaxHours * 3600) * 1000;
    clearTimeout(this.maxAgeTimer);
    // setTimeout holds at most ~24.8 days; a longer wait is re-armed when it fires.
    const wait = Math.min(Math.max(0, endsAt - Date.now()), 2 ** 31 - 1);
    this.maxAgeTimer = setTimeout(() => {
      if (Date.now() >= endsAt) this.end('max-age');
      else this.scheduleMaxAge(claims);
    }, wait);
  }
}
