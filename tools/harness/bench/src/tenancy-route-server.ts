/**
 * The API's AppModule (its real guards: RS256 access tokens, the support role) plus two routes
 * that do the same work three providers deep: read the caller's organization's Twilio client and
 * answer its from number. `/bench/tenancy/current` uses CurrentOrganizationTwilio (the
 * organization from the request's async-local store, set by the guard); `/bench/tenancy/by-hand`
 * passes `user.orgId` from `@CurrentUser()` down to TwilioClientFactory.getClient, the way
 * consumers did before. Started by tenancy-benchmarks.ts through support/backend-sources.cjs;
 * listens on a free port and sends its URL over IPC. Environment: the API's variables.
 */
import { Controller, Get, Inject, Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createRequire } from 'node:module';
import path from 'node:path';

const loadSource = createRequire(__filename);
const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/** The API's own classes and decorators, required by path (support/backend-context.ts says why). */
function backendExport<T>(file: string, name: string): T {
  const loaded = loadSource(path.join(WORKSPACE_ROOT, 'backend/src', file)) as Record<string, T>;
  if (!loaded[name]) throw new Error(`backend/src/${file} no longer exports ${name}`);
  return loaded[name];
}

interface TwilioOrgClientShape {
  settings: { fromNumber: string | null };
}
interface CurrentOrganizationTwilioShape {
  get(): Promise<TwilioOrgClientShape>;
}
interface ClientFactoryShape {
  getClient(orgId: string): Promise<TwilioOrgClientShape>;
}

const AppModule = backendExport<Type>('app.module.ts', 'AppModule');
const TwilioModule = backendExport<Type>('twilio/twilio.module.ts', 'TwilioModule');
const CurrentOrganizationTwilio = backendExport<Type<CurrentOrganizationTwilioShape>>('twilio/current-organization-twilio.ts', 'CurrentOrganizationTwilio');
const TwilioClientFactory = backendExport<Type<ClientFactoryShape>>('twilio/twilio-client.factory.ts', 'TwilioClientFactory');
const CurrentUser = backendExport<() => ParameterDecorator>('auth/current-user.decorator.ts', 'CurrentUser');
const RequireRoles = backendExport<(...roles: string[]) => ClassDecorator>('auth/require-roles.decorator.ts', 'RequireRoles');

/** The deepest provider: a singleton that reads the client. */
@Injectable()
class SenderLookup {
  constructor(
    @Inject(CurrentOrganizationTwilio) private readonly current: CurrentOrganizationTwilioShape,
    @Inject(TwilioClientFactory) private readonly factory: ClientFactoryShape,
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
  constructor(@Inject(SenderLookup) private readonly lookup: SenderLookup) {}

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
  constructor(@Inject(SenderService) private readonly senders: SenderService) {}

  @Get('current')
  current(): Promise<{ fromNumber: string | null }> {
    return this.senders.describeCaller();
  }

  @Get('by-hand')
  byHand(@CurrentUser() user: { orgId: string }): Promise<{ fromNumber: string | null }> {
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
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`tenancy route server failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
