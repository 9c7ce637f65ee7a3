import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../common/errors/api-error';
import { AppConfig } from '../config/app-config';

const CHANNEL = 'twilio-config:settings-changed';
/** Publish attempts before a change is reported as not propagated, and the pause before each retry. */
const PUBLISH_RETRY_DELAYS_MS = [100, 300];

/** The change is stored, but the other instances may not know: 503, so the caller repeats it. */
export class SettingsSyncFailedError extends ApiError {
  constructor() {
    super(
      503,
      'SETTINGS_SYNC_FAILED',
      'The change was stored but could not be announced to the other API instances (Redis is unreachable); they may still use the previous settings. Repeat the change shortly.',
      { retryAfterSeconds: 30 },
    );
  }
}

interface SettingsChangeHandler {
  /** One organization's settings changed. */
  changed(orgId: string): void;
  /** Changes may have been missed (the subscription was down): drop everything derived from settings. */
  reset(): void;
}

/**
 * Tells every API instance that an organization's settings changed, so each drops what it derived
 * from them (the adapter's clients, the settings views). Whoever changes settings publishes here;
 * whoever caches subscribes. Without REDIS_URL there is one instance and the local handlers are
 * enough; with it, Redis pub/sub carries the organization id (never a secret) to the others.
 * Pub/sub delivers only to connected subscribers, so: a publish that fails is retried, then fails
 * the change (503 SETTINGS_SYNC_FAILED, local caches already cleared), and a subscriber that
 * (re)connects clears its caches, since it may have missed changes while away.
 */
@Injectable()
export class SettingsChangeBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SettingsChangeBus.name);
  private readonly instanceId = randomUUID();
  private readonly handlers: SettingsChangeHandler[] = [];
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.redisUrl) return;
    // No offline queue: while Redis is away a publish fails at once instead of waiting.
    this.publisher = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: true });
    this.subscriber = new Redis(this.config.redisUrl, { lazyConnect: true });
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    await this.subscriber.subscribe(CHANNEL);
    // Every later 'ready' is a reconnection (ioredis subscribes again by itself): messages may be lost.
    this.subscriber.on('ready', () => {
      this.logger.warn('Settings-change subscription reconnected: clearing every cached client and view');
      this.deliverReset();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  /** Runs `changed` for every change made here or on another instance, `reset` when some may have been missed. */
  subscribe(changed: (orgId: string) => void, reset: () => void): void {
    this.handlers.push({ changed, reset });
  }

  /**
   * Tells this instance's subscribers at once, then the other instances; throws
   * SettingsSyncFailedError when Redis does not take the message after a few attempts.
   */
  async publish(orgId: string): Promise<void> {
    this.deliver(orgId);
    if (!this.publisher) return;
    const message = JSON.stringify({ orgId, from: this.instanceId });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.publisher.publish(CHANNEL, message);
        return;
      } catch (error) {
        if (attempt >= PUBLISH_RETRY_DELAYS_MS.length) {
          this.logger.error({ orgId, err: (error as Error).message }, 'Could not publish a settings change to the other instances');
          throw new SettingsSyncFailedError();
        }
        await new Promise((resolve) => setTimeout(resolve, PUBLISH_RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  private receive(message: string): void {
    try {
      const { orgId, from } = JSON.parse(message) as { orgId?: unknown; from?: unknown };
      if (typeof orgId === 'string' && from !== this.instanceId) this.deliver(orgId);
    } catch {
      this.logger.warn('Ignored a malformed settings-change message');
    }
  }

  private deliver(orgId: string): void {
    for (const handler of this.handlers) handler.changed(orgId);
  }

  private deliverReset(): void {
    for (const handler of this.handlers) handler.reset();
  }
}
