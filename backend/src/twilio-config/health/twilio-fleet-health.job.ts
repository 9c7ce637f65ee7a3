import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { HealthCheckName } from '@twilio-config/shared';
import { AppConfig } from '../../config/app-config';
import { ScheduledChecksRepository, TwilioSettingsRepository } from '../../twilio-settings-store';
import { TwilioHealthService } from './twilio-health.service';

/** Every organization's Twilio health as counts: no organization's id or state reaches a monitor. */
export interface TwilioFleetHealth {
  organizations: number;
  healthy: number;
  unhealthy: number;
  /** Organizations whose check could not finish (an error of ours, or past the per-organization bound). */
  unchecked: number;
  /** How many organizations fail each check. */
  unhealthyByCheck: Partial<Record<HealthCheckName, number>>;
  checkedAt: string;
}

/** What GET /health/twilio answers: the last finished run, never a run of its own. */
export type TwilioFleetHealthState =
  | { status: 'pending'; message: string; checkedAt: null }
  | ({ status: 'ok' | 'stale'; lastFailureAt: string | null } & TwilioFleetHealth);

export const FLEET_HEALTH_TIMEOUT_NAME = 'twilio-fleet-health';
const FIRST_RUN_DELAY_MS = 5_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const CONCURRENCY = 5;
/** An organization another instance checked within this share of the interval is not checked again (timers drift a little). */
const CLAIM_WINDOW_SHARE = 0.9;

/**
 * Fleet health, computed on a schedule and never because someone asked (each organization costs
 * several Twilio calls). One run at a time; a run that fails (the database, not a tenant) is
 * retried with exponential backoff; one organization's failure or slowness counts as `unchecked`
 * and never stops the others. Started by the operations listener's process (main.ts), not by
 * operator commands that load the same modules. Every API instance runs it: each organization is
 * claimed in the store first, so one checked by another instance within the interval is skipped,
 * and each outcome is stored, so every instance reports the whole fleet from the stored outcomes.
 */
@Injectable()
export class TwilioFleetHealthJob implements OnApplicationShutdown {
  private readonly logger = new Logger(TwilioFleetHealthJob.name);
  private latestReport: TwilioFleetHealth | null = null;
  private lastFailureAt: Date | null = null;
  private consecutiveFailures = 0;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly health: TwilioHealthService,
    private readonly repository: TwilioSettingsRepository,
    private readonly claims: ScheduledChecksRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Schedules the first run; each run schedules the next when it ends. Nothing when FLEET_HEALTH_INTERVAL_SECONDS is 0. */
  start(): void {
    this.stopped = false;
    if (this.intervalMs > 0) this.schedule(FIRST_RUN_DELAY_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unschedule();
  }

  state(): TwilioFleetHealthState {
    if (!this.latestReport) {
      const message = this.intervalMs > 0 ? 'The first fleet health check has not finished yet.' : 'Fleet health checks are off (FLEET_HEALTH_INTERVAL_SECONDS=0).';
      return { status: 'pending', message, checkedAt: null };
    }
    const stale = this.lastFailureAt !== null && this.lastFailureAt.toISOString() > this.latestReport.checkedAt;
    return { status: stale ? 'stale' : 'ok', lastFailureAt: this.lastFailureAt?.toISOString() ?? null, ...this.latestReport };
  }

  /** How long until the next run after the last one ended: the interval, doubled per failure in a row. */
  get nextDelayMs(): number {
    return Math.min(this.intervalMs * 2 ** this.consecutiveFailures, Math.max(MAX_BACKOFF_MS, this.intervalMs));
  }

  private get intervalMs(): number {
    return this.config.twilio.fleetHealthIntervalMs;
  }

  /** One run; joins the run in progress rather than starting another. */
  runNow(): Promise<void> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<void> {
    try {
      this.latestReport = await this.checkFleet();
      this.consecutiveFailures = 0;
    } catch (error) {
      this.consecutiveFailures += 1;
      this.lastFailureAt = new Date();
      this.logger.warn({ err: (error as Error).message, retryInMs: this.nextDelayMs }, 'Fleet health check failed');
    }
  }

  private async checkFleet(): Promise<TwilioFleetHealth> {
    const orgIds = await this.repository.listOrgIds();
    // Each Twilio call is bounded by TWILIO_TIMEOUT_MS; a check makes at most three in a row.
    const perOrganizationTimeoutMs = this.config.twilio.timeoutMs * 3 + 1_000;
    let uncheckedHere = 0;
    for (let start = 0; start < orgIds.length; start += CONCURRENCY) {
      const checked = await Promise.all(
        orgIds.slice(start, start + CONCURRENCY).map(async (orgId) => {
          if (!(await this.claims.claim(orgId, 'fleetHealth', new Date(), this.intervalMs * CLAIM_WINDOW_SHARE))) return true;
          const outcome = await Promise.allSettled([withTimeout(this.health.checkOrganization(orgId), perOrganizationTimeoutMs)]);
          const report = outcome[0].status === 'fulfilled' ? outcome[0].value : null;
          await this.claims.recordHealthOutcome(orgId, {
            checkedAt: new Date(),
            checked: report !== null,
            healthy: report?.healthy ?? false,
            failingChecks: report ? report.checks.filter((check) => !check.ok).map((check) => check.name) : [],
          });
          return report !== null;
        }),
      );
      uncheckedHere += checked.filter((ok) => !ok).length;
    }
    if (uncheckedHere > 0) this.logger.warn({ unchecked: uncheckedHere }, 'Fleet health: some organizations could not be checked');
    return this.fleetFromStoredOutcomes(orgIds);
  }

  /** The counts over every organization's stored outcome, whichever instance checked it; none stored yet counts as unchecked. */
  private async fleetFromStoredOutcomes(orgIds: string[]): Promise<TwilioFleetHealth> {
    const outcomes = await this.claims.listHealthOutcomes();
    const unhealthyByCheck: Partial<Record<HealthCheckName, number>> = {};
    let healthy = 0;
    let unchecked = 0;
    for (const orgId of orgIds) {
      const outcome = outcomes.get(orgId);
      if (!outcome?.checked) {
        unchecked += 1;
        continue;
      }
      if (outcome.healthy) healthy += 1;
      for (const name of outcome.failingChecks) unhealthyByCheck[name as HealthCheckName] = (unhealthyByCheck[name as HealthCheckName] ?? 0) + 1;
    }
    return { organizations: orgIds.length, healthy, unhealthy: orgIds.length - healthy, unchecked, unhealthyByCheck, checkedAt: new Date().toISOString() };
  }

  private schedule(delayMs: number): void {
    this.unschedule();
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.scheduler.deleteTimeout(FLEET_HEALTH_TIMEOUT_NAME);
      void this.runNow().then(() => this.schedule(this.nextDelayMs));
    }, delayMs);
    timer.unref();
    this.scheduler.addTimeout(FLEET_HEALTH_TIMEOUT_NAME, timer);
  }

  private unschedule(): void {
    if (!this.scheduler.doesExist('timeout', FLEET_HEALTH_TIMEOUT_NAME)) return;
    clearTimeout(this.scheduler.getTimeout(FLEET_HEALTH_TIMEOUT_NAME));
    this.scheduler.deleteTimeout(FLEET_HEALTH_TIMEOUT_NAME);
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
