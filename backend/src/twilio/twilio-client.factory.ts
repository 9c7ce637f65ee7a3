import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { SingleFlightLruCache } from '../common/cache/single-flight-lru-cache';
import { AppConfig } from '../config/app-config';
import { TWILIO_METRICS } from '../metrics/twilio-metrics';
import { SettingsChangeBus, TwilioSecrets, TwilioSettingsRepository } from '../twilio-settings-store';
import { TwilioRestClientProvider, type TwilioRestClient } from './twilio-rest-client.provider';
import { TwilioDisabledError, TwilioNotConfiguredError } from './twilio.errors';

/** What a module needs besides the client to act for an organization. No secret is in here. */
export interface TwilioOrgSettings {
  orgId: string;
  source: 'organization' | 'environment';
  accountSid: string;
  fromNumber: string | null;
  messagingServiceSid: string | null;
  conversationsServiceSid: string | null;
  apiKeySid: string | null;
  edge: string | null;
  region: string | null;
}

export interface TwilioOrgClient {
  /** REST calls: with the API key when the settings have one, as Twilio recommends. */
  client: TwilioRestClient;
  /**
   * With the Auth Token even when there is a key: the account fetch (Standard and Restricted keys
   * cannot read the Account resource) checks the token that signs Twilio's webhooks.
   */
  authTokenClient: TwilioRestClient;
  settings: TwilioOrgSettings;
}

const CLIENT_CACHE_MAX_ORGANIZATIONS = 10_000;
/** A safety net only: a settings change drops the entry at once; this bounds the life of a missed one. */
export const CLIENT_CACHE_TTL_MS = 15 * 60_000;

/**
 * Every module's way to Twilio: `getClient(orgId)` answers the organization's ready client and
 * settings. Clients are cached per organization (bounded, least recently used); a miss reads the
 * database and decrypts once however many callers ask at the same time; a settings change
 * (here or on another instance) drops the entry.
 */
@Injectable()
export class TwilioClientFactory implements OnApplicationBootstrap {
  private readonly logger = new Logger(TwilioClientFactory.name);
  private readonly cache = new SingleFlightLruCache<TwilioOrgClient>({ max: CLIENT_CACHE_MAX_ORGANIZATIONS, ttlMs: CLIENT_CACHE_TTL_MS });

  constructor(
    private readonly repository: TwilioSettingsRepository,
    private readonly secrets: TwilioSecrets,
    private readonly clients: TwilioRestClientProvider,
    private readonly config: AppConfig,
    private readonly settingsChanges: SettingsChangeBus,
    @InjectMetric(TWILIO_METRICS.clientCacheHits) private readonly cacheHits: Counter,
    @InjectMetric(TWILIO_METRICS.clientCacheMisses) private readonly cacheMisses: Counter,
  ) {
    settingsChanges.subscribe(
      (orgId) => this.dropLocally(orgId),
      () => this.cache.invalidateAll(),
    );
  }

  /** Once, loudly, at start: the fallback sends tenants' messages through one shared account. */
  onApplicationBootstrap(): void {
    const { envFallbackEnabled, envFallback } = this.config.twilio;
    if (!envFallbackEnabled) return;
    this.logger.warn(
      envFallback
        ? `DEVELOPMENT FALLBACK ON (TWILIO_ENV_FALLBACK): organizations without settings of their own send through the shared Twilio account AC…${envFallback.accountSid.slice(-4)}; never use this in production`
        : 'DEVELOPMENT FALLBACK ON (TWILIO_ENV_FALLBACK) but TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN are not set: organizations without settings are refused',
    );
  }

  /**
   * The organization's client. Throws TwilioNotConfiguredError or TwilioDisabledError (409) when it
   * has no enabled settings, unless the development fallback (TWILIO_ENV_FALLBACK) applies — which it
   * never does to an organization that has settings and disabled them.
   */
  getClient(orgId: string): Promise<TwilioOrgClient> {
    const cached = this.cache.peek(orgId);
    if (cached) {
      this.cacheHits.inc();
      return Promise.resolve(cached);
    }
    return this.cache.getOrLoad(orgId, () => this.load(orgId), () => this.cacheMisses.inc());
  }

  /** The organization's settings only (no client), for code that decides before it calls Twilio. */
  async getSettings(orgId: string): Promise<TwilioOrgSettings> {
    return (await this.getClient(orgId)).settings;
  }

  /**
   * Drops the organization's client on every instance; the next getClient rebuilds it. Code that
   * changes settings publishes on the SettingsChangeBus instead, which does this and more.
   */
  async invalidateCache(orgId: string): Promise<void> {
    await this.settingsChanges.publish(orgId);
  }

  /** How many organizations have a client cached here (for benchmarks and diagnostics). */
  get cachedOrganizations(): number {
    return this.cache.size;
  }

  private dropLocally(orgId: string): void {
    this.cache.invalidate(orgId);
    this.logger.log({ orgId }, `Cache invalidated for org: ${orgId}`);
  }

  private async load(orgId: string): Promise<TwilioOrgClient> {
    const stored = await this.repository.findWithSecretsByOrg(orgId);
    if (stored?.enabled) {
      const credentials = { ...stored, ...this.secrets.reveal(stored) };
      const client = this.clients.create(credentials);
      return {
        client,
        authTokenClient: credentials.apiKeySid ? this.clients.create(credentials, { useApiKey: false }) : client,
        settings: {
          orgId,
          source: 'organization',
          accountSid: stored.accountSid,
          fromNumber: stored.fromNumber,
          messagingServiceSid: stored.messagingServiceSid,
          conversationsServiceSid: stored.conversationsServiceSid,
          apiKeySid: stored.apiKeySid,
          edge: stored.edge,
          region: stored.region,
        },
      };
    }
    if (stored) throw new TwilioDisabledError();
    const fallback = this.config.twilio.envFallbackEnabled ? this.config.twilio.envFallback : null;
    if (fallback) {
      this.logger.warn({ orgId }, `Using fallback credentials for org: ${orgId}`);
      const client = this.clients.create({ accountSid: fallback.accountSid, authToken: fallback.authToken });
      return {
        client,
        authTokenClient: client,
        settings: {
          orgId,
          source: 'environment',
          accountSid: fallback.accountSid,
          fromNumber: fallback.fromNumber,
          messagingServiceSid: null,
          conversationsServiceSid: null,
          apiKeySid: null,
          edge: null,
          region: null,
        },
      };
    }
    throw new TwilioNotConfiguredError();
  }
}
