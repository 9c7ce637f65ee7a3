export { AuthModule } from './auth.module';
export type { AuthenticatedUser } from './authenticated-user';
export { CurrentUser } from './current-user.decorator';
export { JwtAuthGuard } from './jwt-auth.guard';
export { Public } from './public.decorator';
export { RequireRoles } from './require-roles.decorator';
export { RolesGuard } from './roles.guard';
export { NoRequestOrganizationError, RequestOrganization, type NoRequestOrganizationReason } from './request-organization';
export { RequestOrganizationModule } from './request-organization.module';
