import { applyDecorators, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ApiError } from '../common/errors/api-error';
import { ApiErrors } from '../common/errors/api-errors.decorator';
import type { AuthenticatedUser } from '../auth';

/** The per-organization limits (RATE_LIMIT_* in `.env.example`); each route names the one it counts against. */
export const RATE_LIMITS = {
  testSms: 'test-sms',
  credentialValidation: 'credential-validation',
} as const;
export type RateLimitName = (typeof RATE_LIMITS)[keyof typeof RATE_LIMITS];

const RATE_LIMIT_KEY = 'rateLimit:name';

/** 429 RATE_LIMITED: the organization used up a per-organization limit; `Retry-After` says for how long. */
export class OrganizationRateLimitedError extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(429, 'RATE_LIMITED', `Too many requests for this organization; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

export function rateLimitOf(context: ExecutionContext): RateLimitName | undefined {
  return Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) as RateLimitName | undefined;
}

/**
 * Counts requests per organization (the token's org claim), so one organization's use never
 * limits another's; with REDIS_URL the counters are shared by every instance.
 */
@Injectable()
export class OrganizationThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const user = request.user as AuthenticatedUser | undefined;
    if (!user) throw new Error('OrganizationThrottlerGuard runs after authentication');
    return `org:${user.orgId}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new OrganizationRateLimitedError(retryAfterSeconds);
  }
}

/** Puts a handler under one of the per-organization limits. */
export function RateLimited(name: RateLimitName): MethodDecorator {
  return applyDecorators(
    SetMetadata(RATE_LIMIT_KEY, name),
    UseGuards(OrganizationThrottlerGuard),
    ApiErrors(new OrganizationRateLimitedError(20)),
    ApiHeader({ name: 'Authorization', required: true, description: 'Bearer access token' }),
  );
}
