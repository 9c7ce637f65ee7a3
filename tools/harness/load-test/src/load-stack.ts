import { startMongoServer } from '@twilio-config/mongo-server';
import { startTwilioEmulator, type EmulatorAccountSummary, type RunningTwilioEmulator } from '@twilio-config/twilio-emulator';
import { randomBytes } from 'node:crypto';
import { startBuiltApi, reachableRedis } from '@twilio-config/dev-stack';
import { startLocalIdentity } from '@twilio-config/dev-stack';

export interface LoadOrganization {
  orgId: string;
  /** `Bearer …` of the organization's support user, from a real sign-in at the local identity provider. */
  authorization: string;
  account: EmulatorAccountSummary;
  /** The account's numbers: saves switch the from number between them. */
  phoneNumbers: string[];
  /** Every other organization sends through a Messaging Service. */
  messagingServiceSid: string | null;
}

export interface LoadStack {
  apiUrl: string;
  databaseUri: string;
  emulator: RunningTwilioEmulator;
  organizations: LoadOrganization[];
  redisUrl: string | null;
  stop(): Promise<void>;
}

/** The body support staff post to save an organization's settings with the given from number. */
export function settingsBody(organization: LoadOrganization, fromNumber: string): Record<string, string> {
  return {
    accountSid: organization.account.accountSid,
    authToken: organization.account.authToken,
    fromNumber,
    ...(organization.messagingServiceSid ? { messagingServiceSid: organization.messagingServiceSid } : {}),
  };
}

/**
 * FerretDB, the local identity provider, the Twilio emulator and the built API (Redis-backed when
 * Redis answers), with `count` organizations, each with its own Twilio account and saved settings.
 * Per-organization limits are raised for the load (RATE_LIMIT_*_PER_MIN=100000): the load measures
 * the API, not the 5 SMS / 10 saves a minute the contract sets.
 */
export async function startLoadStack(count: number): Promise<LoadStack> {
  const stoppers: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined);
  };
  try {
    const runId = randomBytes(4).toString('hex');
    // Auth0 organization ids: org_ and 16 alphanumerics.
    const orgIds = Array.from({ length: count }, (_, index) => `org_load${runId}${String(index).padStart(4, '0')}`);
    const mongo = await startMongoServer();
    stoppers.push(() => mongo.stop());
    const emulator = await startTwilioEmulator({ port: 0 });
    stoppers.push(() => emulator.stop());
    const identity = await startLocalIdentity(orgIds);
    stoppers.push(() => identity.stop());
    const redisUrl = await reachableRedis(process.env.LOAD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/6');
    const databaseUri = new URL(`load_test_${runId}`, mongo.uri).toString();
    const api = await startBuiltApi({
      MONGODB_URI: databaseUri,
      AUTH0_ISSUER_URL: identity.issuer,
      AUTH0_AUDIENCE: identity.audience,
      CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'https://api.load-test.example',
      TWILIO_API_BASE_URL: emulator.url,
      TWILIO_ENV_FALLBACK: 'false',
      RATE_LIMIT_TEST_SMS_PER_MIN: '100000',
      RATE_LIMIT_VALIDATE_PER_MIN: '100000',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    });
    stoppers.push(() => api.stop());

    const organizations: LoadOrganization[] = [];
    for (const [index, orgId] of orgIds.entries()) {
      const phoneNumbers = [0, 1].map((which) => `+61380${String(index * 2 + which).padStart(6, '0')}`);
      const withService = index % 2 === 1;
      const account = await emulator.admin.createAccount({
        phoneNumbers,
        messagingServices: withService ? [{ friendlyName: 'Notifications', phoneNumbers }] : [],
      });
      const organization: LoadOrganization = {
        orgId,
        authorization: `Bearer ${await identity.accessToken(orgId)}`,
        account,
        phoneNumbers,
        messagingServiceSid: withService ? account.messagingServices[0].sid : null,
      };
      const saved = await fetch(`${api.url}/api/twilio-config/settings`, {
        method: 'POST',
        headers: { Authorization: organization.authorization, 'Content-Type': 'application/json' },
        body: JSON.stringify(settingsBody(organization, phoneNumbers[0])),
      });
      if (saved.status !== 200) throw new Error(`saving ${orgId}'s settings answered ${saved.status}: ${await saved.text()}`);
      organizations.push(organization);
    }
    return { apiUrl: api.url, databaseUri, emulator, organizations, redisUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

