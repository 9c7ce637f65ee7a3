import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' ? true : value === 'false' ? false : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * Every variable the API reads, validated once at boot (each one is described in `.env.example`).
 * Nothing else in the backend reads process.env.
 */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString() @Matches(/^mongodb(\+srv)?:\/\//, { message: 'must be a mongodb:// or mongodb+srv:// connection string' })
  MONGODB_URI!: string;

  @IsUrl(URL_OPTIONS, { message: 'must be the issuer URL, e.g. https://tenant.eu.auth0.com/' })
  AUTH0_ISSUER_URL!: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS)
  AUTH0_JWKS_URL?: string;

  @IsString() @Matches(/\S/, { message: 'must not be empty' })
  AUTH0_AUDIENCE!: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  AUTH0_CLIENT_ID?: string;

  @IsString()
  AUTH0_ROLES_CLAIM = 'https://twilio-config/roles';

  @IsString()
  AUTH0_ORG_CLAIM = 'org_id';

  /** Hours; fractions allowed (tests use seconds' worth). */
  @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of hours, e.g. 10' })
  @Min(0.0001) @Max(24 * 30)
  SESSION_MAX_HOURS = 10;

  @IsString() @Matches(/\S/, { message: 'must not be empty' })
  AUTH0_SESSION_START_CLAIM = 'https://twilio-config/auth_time';

  /** How long the JWKS key set is used before it is refreshed (in the background, keys kept meanwhile). */
  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 3600)
  AUTH0_JWKS_CACHE_MAX_AGE_SECONDS = 600;

  /** JWKS fetches a minute that tokens with a `kid` not in the key set may cause (their own budget). */
  @Transform(toInt) @IsInt() @Min(1) @Max(600)
  AUTH0_JWKS_UNKNOWN_KID_FETCHES_PER_MINUTE = 10;

  @IsBase64(undefined, { message: 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)' })
  @Matches(/^.{43}=$/, { message: 'must be 32 random bytes, base64-encoded (openssl rand -base64 32)' })
  CREDENTIALS_ENCRYPTION_KEY!: string;

  @Transform(emptyToUndefined) @IsOptional()
  @IsBase64(undefined, { message: 'must be 32 random bytes, base64-encoded' })
  @Matches(/^.{43}=$/, { message: 'must be 32 random bytes, base64-encoded' })
  CREDENTIALS_ENCRYPTION_KEY_PREVIOUS?: string;

  @IsUrl(URL_OPTIONS, { message: 'must be the API public origin, e.g. https://api.example.com' })
  PUBLIC_BASE_URL!: string;

  @Transform(emptyToUndefined) @IsOptional() @IsUrl(URL_OPTIONS)
  TWILIO_API_BASE_URL?: string;

  @Transform(toInt) @IsInt() @Min(100) @Max(120_000)
  TWILIO_TIMEOUT_MS = 10_000;

  @Transform(toBool) @IsOptional() @IsBoolean()
  TWILIO_ENV_FALLBACK?: boolean;

  /** Minutes; fractions allowed (tests use seconds' worth). 0 refuses the previous token at once. */
  @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of minutes, e.g. 15' })
  @Min(0) @Max(24 * 60)
  TOKEN_ROTATION_GRACE_MINUTES = 15;

  /** Seconds between two fleet health runs (each checks every organization with Twilio calls); 0 turns them off. */
  @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of seconds, e.g. 60' })
  @Min(0) @Max(24 * 3600)
  FLEET_HEALTH_INTERVAL_SECONDS = 60;

  /** Seconds between two comparisons of every organization's Conversations webhook with Twilio's; 0 turns them off. */
  @Transform(toNumber) @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'must be a number of seconds, e.g. 300' })
  @Min(0) @Max(24 * 3600)
  WEBHOOK_RECONCILE_INTERVAL_SECONDS = 300;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  TWILIO_ACCOUNT_SID?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  TWILIO_FROM_MAIN?: string;

  @Transform(emptyToUndefined) @IsOptional() @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** The operations listener (/metrics, /health/twilio): never behind the public proxy. 0 picks a free port. */
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  METRICS_PORT = 9464;

  /** When set, required on METRICS_PORT as `Authorization: Bearer …`. */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces' })
  METRICS_TOKEN?: string;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_TEST_SMS_PER_MIN = 5;

  @Transform(toInt) @IsInt() @Min(1)
  RATE_LIMIT_VALIDATE_PER_MIN = 10;

  /** Conversations webhook events one organization may have stored (kept 90 days); over it the webhook answers 429. */
  @Transform(toInt) @IsInt() @Min(1)
  WEBHOOK_EVENTS_STORED_PER_ORG = 250_000;

  /** Conversations webhook events of one organization waiting for their write on one instance; over it, 429. */
  @Transform(toInt) @IsInt() @Min(1)
  WEBHOOK_EVENTS_PENDING_PER_ORG = 200;

  /** Origins allowed to call the API from a browser (the console), comma-separated. */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;
}

/** Thrown when the environment is unusable; its message is the one line an operator reads. */
export class EnvironmentValidationError extends Error {
  override readonly name = 'EnvironmentValidationError';
}

export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    throw new EnvironmentValidationError(describe(errors[0]));
  }
  if (env.NODE_ENV === 'production') requireHttpsInProduction(env);
  return env;
}

/**
 * In production the issuer and the JWKS (whose keys decide which tokens are genuine) are read over
 * https only; plain http is allowed for a loopback host alone (a local identity provider, as the
 * repository's harnesses run one), which no one on the network can impersonate.
 */
function requireHttpsInProduction(env: EnvironmentVariables): void {
  for (const variable of ['AUTH0_ISSUER_URL', 'AUTH0_JWKS_URL'] as const) {
    const value = env[variable];
    if (!value) continue;
    const url = new URL(value);
    if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) continue;
    throw new EnvironmentValidationError(`Configuration error: ${variable} must be an https URL when NODE_ENV=production`);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function describe(error: ValidationError): string {
  const variable = error.property;
  const present = error.value !== undefined && error.value !== null && error.value !== '';
  if (!present) return `Configuration error: ${variable} is required (see .env.example)`;
  const reason = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  // The reason never echoes the value: a key or token may be what is malformed.
  return `Configuration error: ${variable} ${reason.replace(new RegExp(`^${variable}\\s*`), '')}`;
}
