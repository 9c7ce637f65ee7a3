/**
 * Auth Token rotation (`/api/twilio-config/auth-token/rotation`): Twilio's secondary Auth Token is
 * created, then promoted to primary (or deleted). The states with "-ing" are intents written
 * before Twilio is called: seen later, they mean the call was interrupted and can be resumed (the
 * same request again) or cancelled.
 */
export const AUTH_TOKEN_ROTATION_STATES = ['none', 'starting', 'started', 'promoting', 'promoted', 'cancelling'] as const;
export type AuthTokenRotationState = (typeof AUTH_TOKEN_ROTATION_STATES)[number];

/** States left by an interrupted call: the console offers to resume or cancel them. */
export const INTERRUPTED_ROTATION_STATES: readonly AuthTokenRotationState[] = ['starting', 'promoting', 'cancelling'];

export interface AuthTokenRotationView {
  state: AuthTokenRotationState;
  startedAt: string | null;
  promotedAt?: string | null;
  /** Until when webhook signatures made with the previous Auth Token are still accepted (after a promotion). */
  graceEndsAt: string | null;
  /** The previous token is still accepted for signatures now. */
  previousTokenAccepted: boolean;
}
