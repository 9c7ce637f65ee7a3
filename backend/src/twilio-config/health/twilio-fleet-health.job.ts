import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { HealthCheckName } from '@twilio-config/shared';
import { AppConfig } from '../../config/app-config';
import { TwilioSettingsRepository } from '../../twilio-settings-store';
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
const INTERVAL_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const CONCURRENCY = 5;

/**
 * Fleet health, computed on a schedule and never because someone asked (each organization costs
 * several Twilio calls). One run at a time; a run that fails (the database, not a tenant) is
 * retried with exponential backoff; one organization's failure or slowness counts as `unchecked`
 * and never stops the others. Started by the operations listener's process (main.ts), not by
 * operator commands that load the same modules.
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
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  /** Schedules the first run; each run schedules the next when it ends. */
  start(): void {
    this.stopped = false;
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.unschedule();
  }

  state(): TwilioFleetHealthState {
    if (!this.latestReport) {
      return { status: 'pending', message: 'The first fleet health check has not finished yet.', checkedAt: null };
    }
    const stale = this.lastFailureAt !== null && this.lastFailureAt.toISOString() > this.latestReport.checkedAt;
    return { status: stale ? 'stale' : 'ok', lastFailureAt: this.lastFailureAt?.toISOString() ?? null, ...this.latestReport };
  }

  /** How long until the next run after the last one ended: the interval, doubled per failure in a row. */
  get nextDelayMs(): number {
    return Math.min(INTERVAL_MS * 2 ** this.consecutiveFailures, MAX_BACKOFF_MS);
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
    const unhealthyByCheck: Partial<Record<HealthCheckName, number>> = {};
    let healthy = 0;
    let unchecked = 0;
    // Each Twilio call is bounded by TWILIO_TIMEOUT_MS; a check makes at most three in a row.
    const perOrganizationTimeoutMs = this.config.twilio.timeoutMs * 3 + 1_000;
    for (let start = 0; start < orgIds.length; start += CONCURRENCY) {
      const outcomes = await Promise.allSettled(
        orgIds.slice(start, start + CONCURRENCY).map((orgId) => withTimeout(this.health.checkOrganization(orgId), perOrganizationTimeoutMs)),
      );
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          unchecked += 1;
          continue;
        }
        if (outcome.value.healthy) healthy += 1;
        for (const check of outcome.value.checks) if (!check.ok) unhealthyByCheck[check.name] = (unhealthyByCheck[check.name] ?? 0) + 1;
      }
    }
    if (unchecked > 0) this.logger.warn({ unchecked }, 'Fleet health: some organizations could not be checked');
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
