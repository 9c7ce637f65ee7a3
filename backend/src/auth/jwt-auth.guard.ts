import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request, Response } from 'express';
import { ApiError } from '../common/errors/api-error';
import { AuthenticatedUser } from './authenticated-user';
import { InvalidAccessTokenError } from './auth-errors';
import { bearerTokenFromHeader, JWT_STRATEGY } from './jwt.strategy';
import { IS_PUBLIC_KEY } from './public.decorator';
import { RequestOrganization } from './request-organization';
import { VerifiedAccessTokens } from './verified-access-tokens';

/** jsonwebtoken's own errors: their messages are fixed texts ("jwt expired") and safe to log. */
const JSONWEBTOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/**
 * The global guard (APP_GUARD): every route needs a valid access token unless it is `@Public()`.
 * Whatever the reason a token is refused, the answer is the contract's 401 body with a generic
 * message; the reason goes to the debug log, never with the token. A verified token's organization
 * becomes the request's (RequestOrganization): the only place it is set.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  private readonly logger = new Logger(JwtAuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly verifiedTokens: VerifiedAccessTokens,
    private readonly organization: RequestOrganization,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic === true) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const token = bearerTokenFromHeader(request);
    const remembered = token ? this.verifiedTokens.userFor(token) : null;
    if (remembered) {
      request.user = remembered;
      this.organization.bindVerifiedUser(remembered);
      return true;
    }
    // Passport calls handleRequest, which throws for any token it did not verify.
    const verified = (await super.canActivate(context)) as boolean;
    if (verified && request.user) this.organization.bindVerifiedUser(request.user);
    return verified;
  }

  override handleRequest<TUser = AuthenticatedUser>(error: unknown, user: TUser | false, info: unknown, context: ExecutionContext): TUser {
    if (!error && user) return user;
    const rejection = error instanceof ApiError ? error : new InvalidAccessTokenError(describeFailure(error ?? info));
    if (error && !(error instanceof ApiError)) {
      this.logger.error(`Unexpected ${describeFailure(error)} while checking an access token; answered 401`);
    } else {
      this.logger.debug(`Access token refused: ${rejection instanceof InvalidAccessTokenError ? rejection.reason : rejection.code}`);
    }
    context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer');
    throw rejection;
  }
}

/** A loggable reason: our own texts and jsonwebtoken's fixed ones; only the name of anything else. */
function describeFailure(failure: unknown): string {
  if (failure instanceof InvalidAccessTokenError) return failure.reason;
  if (failure instanceof Error && JSONWEBTOKEN_ERRORS.has(failure.name)) return failure.message;
  if (failure instanceof Error && failure.message === 'No auth token') return 'no bearer token';
  return failure instanceof Error ? failure.name : 'no bearer token';
}
