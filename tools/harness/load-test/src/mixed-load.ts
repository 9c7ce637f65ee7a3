import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { settingsBody, type LoadOrganization } from './load-stack';

export type RequestKind = 'read' | 'save' | 'sms';
export const REQUEST_KINDS: readonly RequestKind[] = ['read', 'save', 'sms'];
/** Out of 100 requests: settings reads, saves (each validated with Twilio), test SMS. */
const MIX: Record<RequestKind, number> = { read: 60, save: 20, sms: 20 };

const SETTINGS_PATH = '/api/twilio-config/settings';
const TEST_SMS_PATH = '/api/twilio-config/test/sms';

export interface KindTotals {
  answered: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
}

export interface OrganizationOutcome {
  answered: number;
  /** From numbers of the saves the API confirmed, in the order it answered them. */
  confirmedSaves: string[];
  /** A save sent but unanswered when the load stopped (it may still have been applied). */
  unansweredSave: string | null;
  acceptedSmsSids: string[];
}

export interface MixedLoadResult {
  seconds: number;
  answered: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  timeouts: number;
  byKind: Record<RequestKind, KindTotals>;
  byOrganization: Map<string, OrganizationOutcome>;
  /** Answers that carried another organization's data, or not the caller's. */
  foreignAnswers: string[];
  /** Answers other than 200 (first ones, described). */
  unexpectedAnswers: string[];
}

interface Pending {
  kind: RequestKind;
  organization: LoadOrganization;
  fromNumber?: string;
  startedAt: number;
}

interface SettingsView {
  configured?: boolean;
  enabled?: boolean;
  accountSidMasked?: string | null;
  fromNumber?: string | null;
}

/** What autocannon carries from a request to its response. */
interface RequestContext {
  pending?: Pending;
}

/**
 * Every connection sends one request at a time, each for a random organization and of a random
 * kind (MIX), and checks each answer against what that organization owns. Saves of one
 * organization never overlap, so the last confirmed one is what it must read afterwards.
 */
export async function runMixedLoad(
  apiUrl: string,
  organizations: LoadOrganization[],
  options: { seconds: number; connections: number },
): Promise<MixedLoadResult> {
  const byKind = Object.fromEntries(REQUEST_KINDS.map((kind) => [kind, { answered: 0, statuses: {}, latenciesMs: [] }])) as unknown as Record<
    RequestKind,
    KindTotals
  >;
  const byOrganization = new Map<string, OrganizationOutcome>(
    organizations.map((organization) => [organization.orgId, { answered: 0, confirmedSaves: [], unansweredSave: null, acceptedSmsSids: [] }]),
  );
  const foreignAnswers: string[] = [];
  const unexpectedAnswers: string[] = [];

  const chooseKind = (): RequestKind => {
    let roll = Math.random() * 100;
    for (const kind of REQUEST_KINDS) {
      roll -= MIX[kind];
      if (roll < 0) return kind;
    }
    return 'read';
  };

  const belongsTo = (view: SettingsView, organization: LoadOrganization) =>
    view.configured === true &&
    view.enabled === true &&
    typeof view.accountSidMasked === 'string' &&
    view.accountSidMasked.startsWith('AC') &&
    view.accountSidMasked.endsWith(organization.account.accountSid.slice(-4)) &&
    !view.accountSidMasked.includes(organization.account.accountSid) &&
    organization.phoneNumbers.includes(view.fromNumber ?? '');

  const record = (pending: Pending, status: number, body: string) => {
    const { kind, organization } = pending;
    const totals = byKind[kind];
    const outcome = byOrganization.get(organization.orgId) as OrganizationOutcome;
    totals.answered++;
    totals.statuses[status] = (totals.statuses[status] ?? 0) + 1;
    totals.latenciesMs.push(performance.now() - pending.startedAt);
    outcome.answered++;
    if (kind === 'save') outcome.unansweredSave = null;
    if (status !== 200) {
      if (unexpectedAnswers.length < 20) unexpectedAnswers.push(`${kind} for ${organization.orgId}: ${status} ${body.slice(0, 300)}`);
      return;
    }
    const answer = JSON.parse(body) as SettingsView & { sid?: string };
    if (kind === 'sms') {
      if (typeof answer.sid === 'string') outcome.acceptedSmsSids.push(answer.sid);
      else foreignAnswers.push(`sms for ${organization.orgId}: no sid in ${body.slice(0, 200)}`);
      return;
    }
    if (!belongsTo(answer, organization) || (kind === 'save' && answer.fromNumber !== pending.fromNumber)) {
      foreignAnswers.push(`${kind} for ${organization.orgId} (account …${organization.account.accountSid.slice(-4)}): ${body.slice(0, 300)}`);
      return;
    }
    if (kind === 'save') outcome.confirmedSaves.push(pending.fromNumber as string);
  };

  const result = await autocannon({
    url: apiUrl,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    requests: [
      {
        setupRequest: (request, context) => {
          const organization = organizations[Math.floor(Math.random() * organizations.length)];
          const outcome = byOrganization.get(organization.orgId) as OrganizationOutcome;
          let kind = chooseKind();
          if (kind === 'save' && outcome.unansweredSave !== null) kind = 'read';
          const pending: Pending = { kind, organization, startedAt: performance.now() };
          (context as RequestContext).pending = pending;
          const headers = { Authorization: organization.authorization, 'Content-Type': 'application/json' };
          if (kind === 'read') return { ...request, method: 'GET', path: SETTINGS_PATH, headers: { Authorization: organization.authorization }, body: '' };
          if (kind === 'sms') {
            return { ...request, method: 'POST', path: TEST_SMS_PATH, headers, body: JSON.stringify({ to: '+61412345678', body: `Load test for ${organization.orgId}` }) };
          }
          const fromNumber = organization.phoneNumbers[Math.floor(Math.random() * organization.phoneNumbers.length)];
          pending.fromNumber = fromNumber;
          outcome.unansweredSave = fromNumber;
          return { ...request, method: 'POST', path: SETTINGS_PATH, headers, body: JSON.stringify(settingsBody(organization, fromNumber)) };
        },
        onResponse: (status, body, context) => record((context as RequestContext).pending as Pending, status, body),
      },
    ],
  });

  return {
    seconds: result.duration,
    answered: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    byKind,
    byOrganization,
    foreignAnswers,
    unexpectedAnswers,
  };
}
