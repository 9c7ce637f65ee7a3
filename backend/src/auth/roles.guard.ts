import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthenticatedUser } from './authenticated-user';
import { InvalidAccessTokenError, MissingRoleError } from './auth-errors';
import { REQUIRED_ROLES_KEY } from './require-roles.decorator';

/** The global guard (APP_GUARD, after JwtAuthGuard) behind `@RequireRoles()`. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const requiredRoles = this.reflector.getAllAndMerge<string[]>(REQUIRED_ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (requiredRoles.length === 0) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    // A role-protected route marked @Public() has no user: refuse rather than guess.
    if (!user) throw new InvalidAccessTokenError('role check on a route without an authenticated user');
    if (!requiredRoles.every((role) => user.roles.includes(role))) throw new MissingRoleError(requiredRoles);
    return true;
  }
}
