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
