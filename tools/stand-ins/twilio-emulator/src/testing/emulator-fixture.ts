import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTwilioRestClient } from '@twilio-config/twilio-transport';
import type twilio from 'twilio';
import type { EmulatorAccountSummary } from '../admin/admin-types';
import { startTwilioEmulator, type RunningTwilioEmulator, type TwilioEmulatorOptions } from '../start-twilio-emulator';
import { SpecResponseValidator, type ExchangeVerdict } from './spec-response-validator';
import { WebhookReceiver } from './webhook-receiver';

/** Fidelity tallies of one test file, written where the final report reads them. */
export const FIDELITY_REPORT_DIR = join(__dirname, '..', '..', '..', '..', '..', 'tmp', 'twilio-emulator-fidelity');

export interface EmulatorFixture {
  readonly emulator: RunningTwilioEmulator;
  readonly webhooks: WebhookReceiver;
  readonly verdicts: ExchangeVerdict[];
  /** A real `twilio` SDK client for the account, pointed at the emulator through the transport lib. */
  sdk(account: EmulatorAccountSummary, options?: { timeoutMs?: number; secondaryToken?: boolean }): twilio.Twilio;
}

/** The edge + region that reach an account's home region (none for US1: `api.twilio.com`). */
export const EDGE_OF_REGION: Record<EmulatorAccountSummary['region'], string> = { us1: 'ashburn', ie1: 'dublin', au1: 'sydney' };

export function homeHostOf(account: Pick<EmulatorAccountSummary, 'region'>): { edge?: string; region?: string } {
  return account.region === 'us1' ? {} : { edge: EDGE_OF_REGION[account.region], region: account.region };
}

/**
 * One emulator and one webhook receiver per test file. After each test every Twilio answer it
 * produced is validated against the specs (the test fails on any mismatch), then the emulator
 * is reset to its seed.
 */
export function useTwilioEmulator(name: string, options: TwilioEmulatorOptions = {}): EmulatorFixture {
  let emulator: RunningTwilioEmulator | undefined;
  const webhooks = new WebhookReceiver();
  const validator = new SpecResponseValidator();
  const verdicts: ExchangeVerdict[] = [];

  beforeAll(async () => {
    await webhooks.start();
    emulator = await startTwilioEmulator({ timing: { sendDelayMs: 10, deliverDelayMs: 20, webhookRetryDelayMs: 20 }, ...options });
  });

  afterEach(async () => {
    const running = emulator as RunningTwilioEmulator;
    const exchanges = await running.admin.requests();
    const invalid = exchanges
      .map((exchange) => ({ exchange, verdict: validator.validate(exchange) }))
      .filter(({ verdict }) => {
        verdicts.push(verdict);
        return !verdict.valid || (verdict.kind === 'success' && !verdict.strictValid);
      });
    await running.admin.reset();
    webhooks.clear();
    expect(
      invalid.map(({ exchange, verdict }) => `${exchange.method} ${exchange.path} → ${exchange.status}: ${verdict.errors.join('; ')}`),
    ).toEqual([]);
  });

  afterAll(async () => {
    await emulator?.stop();
    await webhooks.stop();
    mkdirSync(FIDELITY_REPORT_DIR, { recursive: true });
    writeFileSync(join(FIDELITY_REPORT_DIR, `${name}.json`), JSON.stringify(verdicts, null, 2));
  });

  return {
    get emulator() {
      if (!emulator) throw new Error('the emulator starts in beforeAll');
      return emulator;
    },
    webhooks,
    verdicts,
    sdk(account, sdkOptions = {}) {
      return createTwilioRestClient({
        username: account.accountSid,
        password: sdkOptions.secondaryToken && account.secondaryAuthToken ? account.secondaryAuthToken : account.authToken,
        accountSid: account.accountSid,
        apiBaseUrl: this.emulator.url,
        timeoutMs: sdkOptions.timeoutMs,
        ...homeHostOf(account),
      });
    },
  };
}
