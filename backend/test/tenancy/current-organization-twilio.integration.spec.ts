import { Controller, Get, Headers, Injectable, Module, Query } from '@nestjs/common';
import type { EmulatorAccountSummary, RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { startTwilioEmulator } from '@twilio-config/twilio-emulator';
import { SUPPORT_ROLE } from '@twilio-config/shared';
import { NoRequestOrganizationError, Public, RequireRoles } from '../../src/auth';
import { CurrentOrganizationTwilio } from '../../src/twilio/current-organization-twilio';
import { CurrentTwilio } from '../../src/twilio/current-twilio.decorator';
import type { TwilioOrgClient } from '../../src/twilio/twilio-client.factory';
import { TwilioModule } from '../../src/twilio/twilio.module';
import { ORG_A, ORG_B, settingsFor, startTwilioConfigTestApp, type TwilioConfigTestApp } from '../support/twilio-config-test-app';

interface ClientSeen {
  orgId: string;
  settingsAccountSid: string;
  clientAccountSid: string;
}

/** Lets the first `parties` callers through only together: their requests are in flight at once. */
class Barrier {
  private arrived = 0;
  private release!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.release = resolve));

  constructor(private readonly parties: number) {}

  arrive(): Promise<void> {
    this.arrived += 1;
    if (this.arrived >= this.parties) this.release();
    return this.opened;
  }
}

let barrier = new Barrier(2);
let deepConstructions = 0;

/** A consumer two providers below the handler: a singleton that never sees an org id. */
@Injectable()
class DeepTwilioConsumer {
  constructor(private readonly twilio: CurrentOrganizationTwilio) {
    deepConstructions += 1;
  }

  async describe(): Promise<ClientSeen> {
    await barrier.arrive();
    const { client, settings } = await this.twilio.get();
    return { orgId: settings.orgId, settingsAccountSid: settings.accountSid, clientAccountSid: client.accountSid };
  }

  async describeOrRefuse(): Promise<{ refused: string | null }> {
    try {
      await this.twilio.get();
      return { refused: null };
    } catch (error) {
      if (error instanceof NoRequestOrganizationError) return { refused: error.reason };
      throw error;
    }
  }
}

@Injectable()
class MiddleService {
  constructor(private readonly deep: DeepTwilioConsumer) {}

  describe(): Promise<ClientSeen> {
    return this.deep.describe();
  }
}

@RequireRoles(SUPPORT_ROLE)
@Controller('api/tenancy-probe')
class TenancyProbeController {
  constructor(private readonly middle: MiddleService) {}

  /** Takes an orgId from the query and a header on purpose: neither may change the organization. */
  @Get('deep')
  deepClient(@Query('orgId') _orgId?: string, @Headers('x-org-id') _header?: string): Promise<ClientSeen> {
    return this.middle.describe();
  }

  @Get('handler')
  handlerClient(@CurrentTwilio() twilio: TwilioOrgClient): ClientSeen {
    return { orgId: twilio.settings.orgId, settingsAccountSid: twilio.settings.accountSid, clientAccountSid: twilio.client.accountSid };
  }
}

@Public()
@Controller('api/tenancy-probe/public')
class PublicTenancyProbeController {
  constructor(private readonly deep: DeepTwilioConsumer) {}

  @Get()
  publicRoute(): Promise<{ refused: string | null }> {
    return this.deep.describeOrRefuse();
  }
}

@Module({
  imports: [TwilioModule],
  controllers: [TenancyProbeController, PublicTenancyProbeController],
  providers: [MiddleService, DeepTwilioConsumer],
})
class TenancyProbeModule {}

describe("the caller's organization's Twilio (integration)", () => {
  let emulator: RunningTwilioEmulator;
  let app: TwilioConfigTestApp;
  let accountA: EmulatorAccountSummary;
  let accountB: EmulatorAccountSummary;

  beforeAll(async () => {
    emulator = await startTwilioEmulator({ port: 0 });
    app = await startTwilioConfigTestApp('current-organization-twilio', {}, { emulator, imports: [TenancyProbeModule] });
    accountA = await app.createTwilioAccount();
    accountB = await app.createTwilioAccount();
    await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_A)).send(settingsFor(accountA)).expect(200);
    await app.http.post('/api/twilio-config/settings').set('Authorization', app.bearer(ORG_B)).send(settingsFor(accountB)).expect(200);
  });

  afterAll(async () => {
    await app?.close();
    await emulator?.stop();
  });

  beforeEach(() => {
    barrier = new Barrier(2);
  });

  it("gives a provider deep below the handler its own caller's client, for two organizations' requests in flight at once", async () => {
    const [fromA, fromB] = await Promise.all([
      app.http.get('/api/tenancy-probe/deep').set('Authorization', app.bearer(ORG_A)).expect(200),
      app.http.get('/api/tenancy-probe/deep').set('Authorization', app.bearer(ORG_B)).expect(200),
    ]);
    expect(fromA.body).toEqual({ orgId: ORG_A, settingsAccountSid: accountA.accountSid, clientAccountSid: accountA.accountSid });
    expect(fromB.body).toEqual({ orgId: ORG_B, settingsAccountSid: accountB.accountSid, clientAccountSid: accountB.accountSid });
    // The consumer stayed a singleton: nothing was constructed per request.
    expect(deepConstructions).toBe(1);
  });

  it('gives a handler the same through @CurrentTwilio()', async () => {
    const response = await app.http.get('/api/tenancy-probe/handler').set('Authorization', app.bearer(ORG_B)).expect(200);
    expect(response.body).toEqual({ orgId: ORG_B, settingsAccountSid: accountB.accountSid, clientAccountSid: accountB.accountSid });
  });

  it('never takes the organization from a request parameter or header', async () => {
    barrier = new Barrier(1);
    const response = await app.http
      .get(`/api/tenancy-probe/deep?orgId=${ORG_B}`)
      .set('Authorization', app.bearer(ORG_A))
      .set('X-Org-Id', ORG_B)
      .expect(200);
    expect(response.body.orgId).toBe(ORG_A);
    expect(response.body.clientAccountSid).toBe(accountA.accountSid);
  });

  it('refuses, with a typed error, outside a request and on a route without a verified token; names the organization there', async () => {
    const twilio = app.app.get(CurrentOrganizationTwilio);
    const outside = await twilio.get().catch((error: unknown) => error);
    expect(outside).toBeInstanceOf(NoRequestOrganizationError);
    expect(outside).toMatchObject({ reason: 'outside_request', message: expect.stringContaining('forOrganization(orgId)') });
    expect(() => twilio.orgId).toThrow(NoRequestOrganizationError);

    const named = await twilio.forOrganization(ORG_B).get();
    expect(named.settings).toMatchObject({ orgId: ORG_B, accountSid: accountB.accountSid });

    const publicRoute = await app.http.get('/api/tenancy-probe/public').expect(200);
    expect(publicRoute.body).toEqual({ refused: 'no_verified_token' });
  });

  it("sends each organization's test SMS, concurrently, through its own account (MessagingModule)", async () => {
    const send = (orgId: string, body: string) =>
      app.http.post('/api/twilio-config/test/sms').set('Authorization', app.bearer(orgId)).send({ to: '+61412345678', body });
    const [sentA, sentB] = await Promise.all([send(ORG_A, 'for A'), send(ORG_B, 'for B')]);
    expect(sentA.status).toBe(200);
    expect(sentB.status).toBe(200);
    const inA = await emulator.admin.messages(accountA.accountSid);
    const inB = await emulator.admin.messages(accountB.accountSid);
    expect(inA.map((message) => message.sid)).toContain(sentA.body.sid);
    expect(inB.map((message) => message.sid)).toContain(sentB.body.sid);
    expect(inA.map((message) => message.sid)).not.toContain(sentB.body.sid);
  });

  it("checks the caller's organization's health (the health routes)", async () => {
    const [healthA, healthB] = await Promise.all([
      app.http.get('/api/twilio-config/health').set('Authorization', app.bearer(ORG_A)).expect(200),
      app.http.get('/api/twilio-config/health').set('Authorization', app.bearer('org_C3d4E5f6G7h8I9j0')).expect(200),
    ]);
    expect(healthA.body.checks.find((check: { name: string }) => check.name === 'credentials')).toMatchObject({ ok: true });
    expect(healthB.body).toEqual({ healthy: false, checks: [{ name: 'credentials', ok: false, reason: 'not_configured' }] });
  });
});
