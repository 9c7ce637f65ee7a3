import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';

const CHANNEL = 'twilio-config:settings-changed';

/**
 * Tells every API instance that an organization's settings changed, so each drops what it derived
 * from them (the adapter's clients, the settings views). Whoever changes settings publishes here;
 * whoever caches subscribes. Without REDIS_URL there is one instance and the local handlers are
 * enough; with it, Redis pub/sub carries the organization id (never a secret) to the others, so
 * none keeps using a changed or deleted credential.
 */
@Injectable()
export class SettingsChangeBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SettingsChangeBus.name);
  private readonly instanceId = randomUUID();
  private readonly handlers: Array<(orgId: string) => void> = [];
  private publisher: Redis | null = null;
  private subscriber: Redis | null = null;

  constructor(private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.publisher = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
    this.subscriber = new Redis(this.config.redisUrl, { lazyConnect: true });
    await Promise.all([this.publisher.connect(), this.subscriber.connect()]);
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    await this.subscriber.subscribe(CHANNEL);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
    this.publisher?.disconnect();
  }

  /** Runs `handler` for every change, made here or on another instance. */
  subscribe(handler: (orgId: string) => void): void {
    this.handlers.push(handler);
  }

  /** Tells this instance's subscribers at once, then the other instances. */
  async publish(orgId: string): Promise<void> {
    this.deliver(orgId);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(CHANNEL, JSON.stringify({ orgId, from: this.instanceId }));
    } catch (error) {
      this.logger.error({ orgId, err: (error as Error).message }, 'Could not publish a settings change to the other instances');
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
    for (const handler of this.handlers) handler(orgId);
  }
}
