import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOAuth2 } from '@nestjs/swagger';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import { InvalidAccessTokenError, MissingRoleError, SessionExpiredError, SessionStartMissingError } from './auth-errors';

export const REQUIRED_ROLES_KEY = 'auth:requiredRoles';

/**
 * The role check, on a controller or a handler: the caller's token must carry every role named
 * (on both, the roles add up). Without it a route needs a valid token but no role.
 * Typical use: `@RequireRoles(SUPPORT_ROLE)` on the controller class (SUPPORT_ROLE from the shared lib).
 */
export function RequireRoles(...roles: [string, ...string[]]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES_KEY, roles),
    ApiBearerAuth(),
    // Either scheme: a pasted token, or Swagger UI's sign-in (swagger.ts, AUTH0_SECURITY_SCHEME).
    ApiOAuth2(['openid'], 'auth0'),
    // 401 for any token the guard refuses (no token, bad signature, expired …; one answer for all), 403 without the role.
    ApiErrors(new InvalidAccessTokenError('example'), new SessionStartMissingError(), new SessionExpiredError(), new MissingRoleError(roles)),
  );
}
