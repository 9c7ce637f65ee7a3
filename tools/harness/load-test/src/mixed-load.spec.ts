import type { SentMessage } from '@twilio-config/twilio-emulator';
import mongoose from 'mongoose';
import { startLoadStack, type LoadOrganization, type LoadStack } from './load-stack';
import { REQUEST_KINDS, runMixedLoad, type MixedLoadResult } from './mixed-load';

const ORGANIZATIONS = 50;
const SECONDS = 15;
const CONNECTIONS = 20;

/**
 * The built API under a mixed load of 50 organizations at once: settings reads, saves and test SMS.
 * Nothing here asserts a speed; the figures are printed. What must hold under load is what holds
 * for one request: no server error, every answer about the caller's organization, nothing lost.
 */
describe(`the API under ${SECONDS} s of mixed load from ${ORGANIZATIONS} organizations`, () => {
  let stack: LoadStack;
  let load: MixedLoadResult;
  let messages: SentMessage[];
  let audited: Map<string, { saved: number; smsSent: number }>;
  let settingsAfterwards: Map<string, { status: number; fromNumber: string | null }>;

  beforeAll(async () => {
    stack = await startLoadStack(ORGANIZATIONS);
    load = await runMixedLoad(stack.apiUrl, stack.organizations, { seconds: SECONDS, connections: CONNECTIONS });
    // Let saves and sends that were in flight when the load stopped finish before reading the outcome.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    messages = await stack.emulator.admin.messages();
    audited = await auditCounts(stack.databaseUri);
    settingsAfterwards = new Map();
    for (const organization of stack.organizations) {
      const response = await fetch(`${stack.apiUrl}/api/twilio-config/settings`, { headers: { Authorization: organization.authorization } });
      settingsAfterwards.set(organization.orgId, { status: response.status, fromNumber: ((await response.json()) as { fromNumber: string | null }).fromNumber });
    }
    printTotals(load, stack);
  }, 240_000);

  afterAll(() => stack?.stop());

  it('sent every kind of request, and requests for every organization', () => {
    for (const kind of REQUEST_KINDS) expect(load.byKind[kind].answered).toBeGreaterThan(0);
    for (const organization of stack.organizations) expect(load.byOrganization.get(organization.orgId)?.answered).toBeGreaterThan(0);
  });

  it('answers no request with a server error, and none fails or times out', () => {
    const serverErrors = REQUEST_KINDS.flatMap((kind) => Object.keys(load.byKind[kind].statuses).filter((status) => Number(status) >= 500));
    expect(serverErrors).toEqual([]);
    expect({ errors: load.errors, timeouts: load.timeouts }).toEqual({ errors: 0, timeouts: 0 });
  });

  it('answers every request with 200 (limits are raised for the load)', () => {
    expect(load.unexpectedAnswers).toEqual([]);
  });

  it("answers each organization with its own settings, never another's", () => {
    expect(load.foreignAnswers).toEqual([]);
  });

  it("sends every accepted test SMS through the organization's own Twilio account and sender", () => {
    const bySid = new Map(messages.map((message) => [message.sid, message]));
    const misplaced: string[] = [];
    for (const organization of stack.organizations) {
      for (const sid of load.byOrganization.get(organization.orgId)?.acceptedSmsSids ?? []) {
        const message = bySid.get(sid);
        if (!message || message.accountSid !== organization.account.accountSid || !sentAs(message, organization)) {
          misplaced.push(`${organization.orgId}: ${sid} ${message ? `in ${message.accountSid} from ${message.from ?? message.messagingServiceSid}` : 'not in the emulator'}`);
        }
      }
    }
    expect(misplaced).toEqual([]);
  });

  it('keeps every save: each organization reads its last confirmed save, and every save and sent SMS is audited', () => {
    const mismatches: string[] = [];
    for (const organization of stack.organizations) {
      const outcome = load.byOrganization.get(organization.orgId);
      if (!outcome) throw new Error(`no outcome for ${organization.orgId}`);
      const lastConfirmed = outcome.confirmedSaves.at(-1) ?? organization.phoneNumbers[0];
      // A save still unanswered when the load stopped may have been applied after the last confirmed one.
      const acceptable = outcome.unansweredSave ? [lastConfirmed, outcome.unansweredSave] : [lastConfirmed];
      const afterwards = settingsAfterwards.get(organization.orgId);
      if (afterwards?.status !== 200 || !acceptable.includes(afterwards.fromNumber ?? '')) {
        mismatches.push(`${organization.orgId} reads ${afterwards?.fromNumber} (${afterwards?.status}), expected ${acceptable.join(' or ')}`);
      }
      const counts = audited.get(organization.orgId) ?? { saved: 0, smsSent: 0 };
      const savesSent = 1 + outcome.confirmedSaves.length;
      if (counts.saved < savesSent || counts.saved > savesSent + (outcome.unansweredSave ? 1 : 0)) {
        mismatches.push(`${organization.orgId}: ${counts.saved} settings.saved audited for ${savesSent} confirmed saves`);
      }
      if (counts.smsSent < outcome.acceptedSmsSids.length) {
        mismatches.push(`${organization.orgId}: ${counts.smsSent} sms.test_sent audited for ${outcome.acceptedSmsSids.length} accepted`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

function sentAs(message: SentMessage, organization: LoadOrganization): boolean {
  return organization.messagingServiceSid
    ? message.messagingServiceSid === organization.messagingServiceSid
    : message.from !== null && organization.phoneNumbers.includes(message.from);
}

/** settings.saved and sms.test_sent entries per organization, read from the audit collection. */
async function auditCounts(databaseUri: string): Promise<Map<string, { saved: number; smsSent: number }>> {
  const connection = await mongoose.createConnection(databaseUri).asPromise();
  try {
    const entries = await connection
      .collection('twilio_config_audit')
      .find({ action: { $in: ['settings.saved', 'sms.test_sent'] } }, { projection: { orgId: 1, action: 1 } })
      .toArray();
    const counts = new Map<string, { saved: number; smsSent: number }>();
    for (const entry of entries) {
      const count = counts.get(entry.orgId as string) ?? { saved: 0, smsSent: 0 };
      if (entry.action === 'settings.saved') count.saved++;
      else count.smsSent++;
      counts.set(entry.orgId as string, count);
    }
    return counts;
  } finally {
    await connection.close();
  }
}

function printTotals(load: MixedLoadResult, stack: LoadStack): void {
  const percentile = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : Number.NaN;
  };
  const lines = [
    `load test: ${ORGANIZATIONS} organizations, ${CONNECTIONS} connections, ${load.seconds.toFixed(1)} s, Redis ${stack.redisUrl ?? 'off'}`,
    `  all   ${load.answered} answered, ${Math.round(load.requestsPerSecond)} req/s, p50 ${load.latencyP50Ms} ms, p99 ${load.latencyP99Ms} ms, ${load.errors} errors, ${load.timeouts} timeouts`,
    ...REQUEST_KINDS.map((kind) => {
      const totals = load.byKind[kind];
      const statuses = Object.entries(totals.statuses)
        .map(([status, count]) => `${status}×${count}`)
        .join(' ');
      return `  ${kind.padEnd(5)} ${totals.answered} answered (${(totals.answered / load.seconds).toFixed(0)}/s), p50 ${percentile(totals.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(totals.latenciesMs, 99).toFixed(1)} ms, ${statuses}`;
    }),
    `  foreign answers: ${load.foreignAnswers.length}; unexpected answers: ${load.unexpectedAnswers.length}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
