import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { JwksSigningKeys } from './jwks-signing-keys';
import { JwtStrategy } from './jwt.strategy';
import { RequestOrganizationModule } from './request-organization.module';
import { VerifiedAccessTokens } from './verified-access-tokens';

/**
 * Access-token authentication and role checks. AppModule registers JwtAuthGuard and RolesGuard as
 * global guards (APP_GUARD, in that order); routes opt out with `@Public()` and in to a role
 * check with `@RequireRoles()`; handlers read the caller with `@CurrentUser()`, providers below
 * them the caller's organization through RequestOrganization (set by the guard).
 */
@Module({
  imports: [PassportModule, RequestOrganizationModule],
  providers: [JwksSigningKeys, JwtStrategy, VerifiedAccessTokens],
  exports: [VerifiedAccessTokens, RequestOrganizationModule],
})
export class AuthModule {}
