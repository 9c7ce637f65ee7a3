import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/app-config';
import { OrganizationThrottlerGuard, RATE_LIMITS, rateLimitOf } from './organization-rate-limit';

const MINUTE_MS = 60_000;

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            name: RATE_LIMITS.testSms,
            ttl: MINUTE_MS,
            limit: config.rateLimits.testSmsPerMinute,
            skipIf: (context) => rateLimitOf(context) !== RATE_LIMITS.testSms,
          },
          {
            name: RATE_LIMITS.credentialValidation,
            ttl: MINUTE_MS,
            limit: config.rateLimits.validatePerMinute,
            skipIf: (context) => rateLimitOf(context) !== RATE_LIMITS.credentialValidation,
          },
        ],
        storage: config.redisUrl ? new ThrottlerStorageRedisService(config.redisUrl) : undefined,
      }),
    }),
  ],
  providers: [OrganizationThrottlerGuard],
  exports: [ThrottlerModule, OrganizationThrottlerGuard],
})
export class RateLimitModule {}
