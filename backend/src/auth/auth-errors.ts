import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';

/**
 * 401 UNAUTHENTICATED. The answer is the same generic message whatever was wrong; `reason` is
 * for the debug log only and is always a fixed text of ours, never a claim value or the token.
 */
export class InvalidAccessTokenError extends ApiError {
  constructor(readonly reason: string) {
    super(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'Missing or invalid access token');
  }
}

/** 401 SESSION_EXPIRED: a valid token whose sign-in is older than SESSION_MAX_HOURS. */
export class SessionExpiredError extends ApiError {
  constructor() {
    super(HttpStatus.UNAUTHORIZED, 'SESSION_EXPIRED', 'Your session has ended; sign in again');
  }
}

/**
 * 401 SESSION_START_MISSING: a valid token that says neither when its session began (`auth_time`)
 * nor carries the session-start claim. Auth0 puts no `auth_time` in access tokens; the post-login
 * Action the repository ships (deploy/auth0) adds the claim. Without it SESSION_MAX_HOURS cannot
 * be enforced, so the token is refused; `iat` is renewed by every refresh and never stands in.
 */
export class SessionStartMissingError extends ApiError {
  constructor() {
    super(
      HttpStatus.UNAUTHORIZED,
      'SESSION_START_MISSING',
      'The access token does not say when the session began: an Auth0 administrator must deploy the post-login Action "session-claims" (docs/operations/auth0.md)',
    );
  }
}

/** 403 FORBIDDEN: a valid token that lacks a role the route requires. */
export class MissingRoleError extends ApiError {
  constructor(requiredRoles: readonly string[]) {
    super(
      HttpStatus.FORBIDDEN,
      'FORBIDDEN',
      requiredRoles.length === 1 ? `This needs the ${requiredRoles[0]} role` : `This needs the roles ${requiredRoles.join(', ')}`,
    );
  }
}
