import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOAuth2, ApiUnauthorizedResponse } from '@nestjs/swagger';

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
    ApiUnauthorizedResponse({
      description:
        'No valid access token (code UNAUTHENTICATED), a token that does not say when its session began (SESSION_START_MISSING), or a session older than SESSION_MAX_HOURS (SESSION_EXPIRED).',
    }),
    ApiForbiddenResponse({ description: `The token lacks the ${roles.join(', ')} role (code FORBIDDEN).` }),
  );
}
