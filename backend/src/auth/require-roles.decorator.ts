import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

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
    ApiUnauthorizedResponse({ description: 'No valid access token (code UNAUTHENTICATED), or the session is too old (SESSION_EXPIRED).' }),
    ApiForbiddenResponse({ description: `The token lacks the ${roles.join(', ')} role (code FORBIDDEN).` }),
  );
}
