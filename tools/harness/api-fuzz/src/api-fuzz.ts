import { startMongoServer } from '@twilio-config/mongo-server';
import { startTwilioEmulator } from '@twilio-config/twilio-emulator';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ensureSchemathesis, runSchemathesis, type SchemathesisRun } from './schemathesis';
import { startBuiltApi } from '@twilio-config/dev-stack';
import { startLocalIdentity } from '@twilio-config/dev-stack';

/**
 * The fuzzing budget: examples per operation and a time limit for the whole run. Schemathesis's
 * stateful phase goes on until the time is spent, so the limit is what the run takes.
 */
export const FUZZ_BUDGET = { maxExamples: 30, maxSeconds: 50 };
/** Every check Schemathesis has (the version is pinned in schemathesis.ts), none left out. */
const CHECKS = ['all'];
/** What the document cannot say: which routes let Twilio or stored state refuse well-formed data. */
const CONFIG_FILE = path.resolve(__dirname, '../schemathesis.toml');

export interface ApiFuzzOptions {
  log?: (line: string) => void;
  onOutput?: (chunk: string) => void;
  /** Fixes Hypothesis's choices, to replay a run (API_FUZZ_SEED). */
  seed?: number;
}

/**
 * Schemathesis against the built API's published OpenAPI document (/api/docs-json), signed in as a
 * support user of an organization whose Twilio settings are saved (so reads, the webhook and test
 * SMS routes have something to act on), with every check: no 5xx, every answer (status, headers,
 * body) as the document describes it, what it calls valid accepted and what it calls invalid refused,
 * 401 without the token, 405 with `Allow` for a method it does not list.
 * The per-organization limits are raised so the budget explores the routes rather than 429s.
 */
export async function runApiFuzz(options: ApiFuzzOptions = {}): Promise<SchemathesisRun> {
  const log = options.log ?? (() => undefined);
  const venvPython = ensureSchemathesis(log);
  const stoppers: Array<() => Promise<void>> = [];
  try {
    // Auth0 organization ids: org_ and 16 alphanumerics.
    const orgId = `org_fuzz${randomBytes(6).toString('hex')}`;
    const mongo = await startMongoServer();
    stoppers.push(() => mongo.stop());
    const emulator = await startTwilioEmulator({ port: 0 });
    stoppers.push(() => emulator.stop());
    const identity = await startLocalIdentity([orgId]);
    stoppers.push(() => identity.stop());
    const api = await startBuiltApi({
      MONGODB_URI: new URL(`api_fuzz_${randomBytes(4).toString('hex')}`, mongo.uri).toString(),
      AUTH0_ISSUER_URL: identity.issuer,
      AUTH0_AUDIENCE: identity.audience,
      CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'https://api.fuzz.example',
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_ENV_FALLBACK: 'false',
      RATE_LIMIT_TEST_SMS_PER_MIN: '100000',
      RATE_LIMIT_VALIDATE_PER_MIN: '100000',
    });
    stoppers.push(() => api.stop());

    const token = await identity.accessToken(orgId);
    const account = await emulator.admin.createAccount({
      phoneNumbers: ['+61255500001'],
      messagingServices: [{ friendlyName: 'Notifications', phoneNumbers: ['+61255500001'] }],
      conversationsServices: [{ friendlyName: 'Support chat' }],
    });
    const saved = await fetch(`${api.url}/api/twilio-config/settings`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        accountSid: account.accountSid,
        authToken: account.authToken,
        fromNumber: '+61255500001',
        conversationsServiceSid: account.conversationsServices[0].sid,
      }),
    });
    if (saved.status !== 200) throw new Error(`saving the fuzzed organization's settings answered ${saved.status}: ${await saved.text()}`);

    const args = [
      `${api.url}/api/docs-json`,
      '--checks',
      CHECKS.join(','),
      '--header',
      `Authorization: Bearer ${token}`,
      '--max-examples',
      String(FUZZ_BUDGET.maxExamples),
      '--max-time',
      String(FUZZ_BUDGET.maxSeconds),
      '--workers',
      '2',
      '--request-timeout',
      '15',
      ...(options.seed !== undefined ? ['--seed', String(options.seed)] : []),
    ];
    log(`st run ${args.map((arg) => (arg.startsWith('Authorization:') ? "'Authorization: Bearer …'" : arg)).join(' ')}`);
    return await runSchemathesis(venvPython, args, { timeoutMs: (FUZZ_BUDGET.maxSeconds + 90) * 1_000, configFile: CONFIG_FILE, onOutput: options.onOutput });
  } finally {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  }
}
