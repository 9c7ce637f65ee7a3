import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import type { AuthenticatedUser } from './authenticated-user';

/** Where the caller's organization is kept in the request's async-local store. */
const ORGANIZATION_KEY = 'requestOrganization.orgId';

export type NoRequestOrganizationReason = 'outside_request' | 'no_verified_token';

/**
 * Code asked for the caller's organization where there is none: outside a request (a command, a
 * scheduled job, a queue worker) or in a request no access token was verified for (a `@Public()`
 * route such as a Twilio webhook). A programming error: such code names the organization itself.
 */
export class NoRequestOrganizationError extends Error {
  override readonly name = 'NoRequestOrganizationError';
  readonly code = 'NO_REQUEST_ORGANIZATION';

  constructor(readonly reason: NoRequestOrganizationReason) {
    super(
      reason === 'outside_request'
        ? "The caller's organization was asked for outside a request (a command, job or queue worker): name the organization, e.g. CurrentOrganizationTwilio.forOrganization(orgId)."
        : "The caller's organization was asked for in a request without a verified access token (a @Public() route): name the organization, e.g. CurrentOrganizationTwilio.forOrganization(orgId).",
    );
  }
}

/**
 * The organization of the request being served, held in an async-local store (nestjs-cls) so that
 * any provider below the handler can read it while staying a singleton (docs/architecture.md,
 * "The caller's organization"). Only JwtAuthGuard sets it, from a token it verified; nothing reads
 * it from a parameter, a header or a body.
 */
@Injectable()
export class RequestOrganization {
  constructor(private readonly cls: ClsService) {}

  /** Called by JwtAuthGuard once the access token is verified; a no-op outside an HTTP request. */
  bindVerifiedUser(user: AuthenticatedUser): void {
    if (this.cls.isActive()) this.cls.set(ORGANIZATION_KEY, user.orgId);
  }

  /** The caller's organization id, or null outside a request or without a verified token. */
  find(): string | null {
    if (!this.cls.isActive()) return null;
    return this.cls.get<string | undefined>(ORGANIZATION_KEY) ?? null;
  }

  /** The caller's organization id; throws NoRequestOrganizationError where there is none. */
  require(): string {
    if (!this.cls.isActive()) throw new NoRequestOrganizationError('outside_request');
    const orgId = this.cls.get<string | undefined>(ORGANIZATION_KEY);
    if (!orgId) throw new NoRequestOrganizationError('no_verified_token');
    return orgId;
  }
}
