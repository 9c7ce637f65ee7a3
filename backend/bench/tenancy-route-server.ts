/**
 * The API's AppModule (its real guards: RS256 access tokens, the support role) plus two routes
 * that do the same work three providers deep: read the caller's organization's Twilio client and
 * answer its from number. `/bench/tenancy/current` uses CurrentOrganizationTwilio (the
 * organization from the request's async-local store, set by the guard); `/bench/tenancy/by-hand`
 * passes `user.orgId` from `@CurrentUser()` down to TwilioClientFactory.getClient, the way
 * consumers did before. Started by `npm run bench` (tools/harness/bench/src/tenancy-benchmarks.ts)
 * under @swc-node/register; listens on a free port and sends its URL over IPC. Environment: the
 * API's variables.
 */
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { CurrentUser, RequireRoles, type AuthenticatedUser } from '../src/auth';
import { CurrentOrganizationTwilio } from '../src/twilio/current-organization-twilio';
import { TwilioClientFactory } from '../src/twilio/twilio-client.factory';
import { TwilioModule } from '../src/twilio/twilio.module';

/** The deepest provider: a singleton that reads the client. */
@Injectable()
class SenderLookup {
  constructor(
    private readonly current: CurrentOrganizationTwilio,
    private readonly factory: TwilioClientFactory,
  ) {}

  async ofCaller(): Promise<string | null> {
    return (await this.current.get()).settings.fromNumber;
  }

  async of(orgId: string): Promise<string | null> {
    return (await this.factory.getClient(orgId)).settings.fromNumber;
  }
}

@Injectable()
class SenderService {
  constructor(private readonly lookup: SenderLookup) {}

  async describeCaller(): Promise<{ fromNumber: string | null }> {
    return { fromNumber: await this.lookup.ofCaller() };
  }

  async describe(orgId: string): Promise<{ fromNumber: string | null }> {
    return { fromNumber: await this.lookup.of(orgId) };
  }
}

@RequireRoles('support')
@Controller('bench/tenancy')
class TenancyBenchController {
  constructor(private readonly senders: SenderService) {}

  @Get('current')
  current(): Promise<{ fromNumber: string | null }> {
    return this.senders.describeCaller();
  }

  @Get('by-hand')
  byHand(@CurrentUser() user: AuthenticatedUser): Promise<{ fromNumber: string | null }> {
    return this.senders.describe(user.orgId);
  }
}

@Module({ imports: [TwilioModule], controllers: [TenancyBenchController], providers: [SenderLookup, SenderService] })
class TenancyBenchModule {}

@Module({ imports: [AppModule, TenancyBenchModule] })
class TenancyBenchAppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(TenancyBenchAppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  process.send?.({ type: 'listening', url: await app.getUrl() });
  // No orphan: when the benchmark process is gone, so is its IPC channel.
  process.once('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`tenancy route server failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
