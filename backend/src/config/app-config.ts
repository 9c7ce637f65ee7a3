import { EnvironmentVariables, validateEnvironment } from './environment';

/** The API's configuration, validated and typed. Built once at boot from the environment. */
export class AppConfig {
  readonly nodeEnv: EnvironmentVariables['NODE_ENV'];
  readonly port: number;
  readonly mongodbUri: string;
  readonly logLevel: string;
  readonly auth0: {
    readonly issuerUrl: string;
    readonly jwksUrl: string;
    readonly audience: string;
    readonly clientId: string | null;
    readonly rolesClaim: string;
    readonly orgClaim: string;
    readonly sessionStartClaim: string;
    readonly sessionMaxHours: number;
    readonly jwksCacheMaxAgeMs: number;
    readonly jwksUnknownKidFetchesPerMinute: number;
  };
  readonly credentialsEncryption: { readonly currentKey: Buffer; readonly previousKey: Buffer | null };
  readonly publicBaseUrl: string;
  readonly twilio: {
    readonly apiBaseUrl: string | null;
    readonly timeoutMs: number;
    readonly envFallbackEnabled: boolean;
    readonly envFallback: { readonly accountSid: string; readonly authToken: string; readonly fromNumber: string | null } | null;
    /** How long signatures made with the Auth Token a promotion replaced are still accepted. */
    readonly tokenRotationGraceMs: number;
    /** Between two reconciliations of the Conversations webhooks with Twilio; 0: none. */
    readonly webhookReconcileIntervalMs: number;
    /** Between two fleet health runs (GET /health/twilio on the operations port); 0: none. */
    readonly fleetHealthIntervalMs: number;
  };
  readonly redisUrl: string | null;
  /** The operations listener (docs/architecture.md, "Errors, logs and metrics"). */
  readonly operations: { readonly port: number; readonly token: string | null };
  readonly corsOrigins: string[];
  readonly rateLimits: { readonly testSmsPerMinute: number; readonly validatePerMinute: number };
  /** Per-organization bounds of the Conversations webhook (docs/architecture.md, "Conversation events"). */
  readonly webhookEvents: { readonly storedPerOrganization: number; readonly pendingPerOrganization: number };

  constructor(env: EnvironmentVariables) {
    this.nodeEnv = env.NODE_ENV;
    this.port = env.PORT;
    this.mongodbUri = env.MONGODB_URI;
    this.logLevel = env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'warn' : 'info');
    this.auth0 = {
      issuerUrl: env.AUTH0_ISSUER_URL,
      jwksUrl: env.AUTH0_JWKS_URL ?? `${env.AUTH0_ISSUER_URL.replace(/\/?$/, '/')}.well-known/jwks.json`,
      audience: env.AUTH0_AUDIENCE,
      clientId: env.AUTH0_CLIENT_ID ?? null,
      rolesClaim: env.AUTH0_ROLES_CLAIM,
      orgClaim: env.AUTH0_ORG_CLAIM,
      sessionStartClaim: env.AUTH0_SESSION_START_CLAIM,
      sessionMaxHours: env.SESSION_MAX_HOURS,
      jwksCacheMaxAgeMs: env.AUTH0_JWKS_CACHE_MAX_AGE_SECONDS * 1000,
      jwksUnknownKidFetchesPerMinute: env.AUTH0_JWKS_UNKNOWN_KID_FETCHES_PER_MINUTE,
    };
    this.credentialsEncryption = {
      currentKey: Buffer.from(env.CREDENTIALS_ENCRYPTION_KEY, 'base64'),
      previousKey: env.CREDENTIALS_ENCRYPTION_KEY_PREVIOUS ? Buffer.from(env.CREDENTIALS_ENCRYPTION_KEY_PREVIOUS, 'base64') : null,
    };
    this.publicBaseUrl = env.PUBLIC_BASE_URL.replace(/\/+$/, '');
    const envFallbackEnabled = env.TWILIO_ENV_FALLBACK ?? env.NODE_ENV === 'development';
    this.twilio = {
      apiBaseUrl: env.TWILIO_API_BASE_URL?.replace(/\/+$/, '') ?? null,
      timeoutMs: env.TWILIO_TIMEOUT_MS,
      envFallbackEnabled,
      envFallback:
        env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
          ? { accountSid: env.TWILIO_ACCOUNT_SID, authToken: env.TWILIO_AUTH_TOKEN, fromNumber: env.TWILIO_FROM_MAIN ?? null }
          : null,
      tokenRotationGraceMs: Math.round(env.TOKEN_ROTATION_GRACE_MINUTES * 60_000),
      webhookReconcileIntervalMs: Math.round(env.WEBHOOK_RECONCILE_INTERVAL_SECONDS * 1000),
      fleetHealthIntervalMs: Math.round(env.FLEET_HEALTH_INTERVAL_SECONDS * 1000),
    };
    this.redisUrl = env.REDIS_URL ?? null;
    this.operations = { port: env.METRICS_PORT, token: env.METRICS_TOKEN ?? null };
    this.corsOrigins = (env.CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);
    this.rateLimits = {
      testSmsPerMinute: env.RATE_LIMIT_TEST_SMS_PER_MIN,
      validatePerMinute: env.RATE_LIMIT_VALIDATE_PER_MIN,
    };
    this.webhookEvents = {
      storedPerOrganization: env.WEBHOOK_EVENTS_STORED_PER_ORG,
      pendingPerOrganization: env.WEBHOOK_EVENTS_PENDING_PER_ORG,
    };
  }

  static fromEnvironment(raw: Record<string, unknown> = process.env): AppConfig {
    return new AppConfig(validateEnvironment(raw));
  }
}
