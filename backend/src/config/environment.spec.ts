import { randomBytes } from 'node:crypto';
import { AppConfig } from './app-config';
import { EnvironmentValidationError, validateEnvironment } from './environment';

const validEnvironment = () => ({
  MONGODB_URI: 'mongodb://127.0.0.1:27017/twilio',
  AUTH0_ISSUER_URL: 'https://tenant.eu.auth0.com/',
  AUTH0_AUDIENCE: 'https://twilio-config-api',
  CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  PUBLIC_BASE_URL: 'https://api.example.com/',
});

describe(validateEnvironment.name, () => {
  it('accepts a complete environment and applies the contract defaults', () => {
    const env = validateEnvironment(validEnvironment());
    expect(env.PORT).toBe(3000);
    expect(env.SESSION_MAX_HOURS).toBe(10);
    expect(env.AUTH0_ROLES_CLAIM).toBe('https://twilio-config/roles');
    expect(env.AUTH0_ORG_CLAIM).toBe('org_id');
    expect(env.AUTH0_SESSION_START_CLAIM).toBe('https://twilio-config/auth_time');
    expect(env.AUTH0_JWKS_CACHE_MAX_AGE_SECONDS).toBe(600);
    expect(env.AUTH0_JWKS_UNKNOWN_KID_FETCHES_PER_MINUTE).toBe(10);
    expect(env.RATE_LIMIT_TEST_SMS_PER_MIN).toBe(5);
    expect(env.RATE_LIMIT_VALIDATE_PER_MIN).toBe(10);
  });

  it.each(['MONGODB_URI', 'AUTH0_ISSUER_URL', 'AUTH0_AUDIENCE', 'CREDENTIALS_ENCRYPTION_KEY', 'PUBLIC_BASE_URL'])(
    'names %s in one line when it is missing',
    (variable) => {
      const env: Record<string, string> = validEnvironment();
      delete env[variable];
      expect(() => validateEnvironment(env)).toThrow(new EnvironmentValidationError(`Configuration error: ${variable} is required (see .env.example)`));
    },
  );

  it('rejects an encryption key that is not 32 bytes without echoing it', () => {
    const shortKey = randomBytes(16).toString('base64');
    let message = '';
    try {
      validateEnvironment({ ...validEnvironment(), CREDENTIALS_ENCRYPTION_KEY: shortKey });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Configuration error: CREDENTIALS_ENCRYPTION_KEY must be 32 random bytes/);
    expect(message).not.toContain(shortKey);
    expect(message.split('\n')).toHaveLength(1);
  });

  it.each([
    ['AUTH0_ISSUER_URL', { AUTH0_ISSUER_URL: 'http://tenant.eu.auth0.com/' }],
    ['AUTH0_JWKS_URL', { AUTH0_JWKS_URL: 'http://tenant.eu.auth0.com/.well-known/jwks.json' }],
  ])('requires https for %s in production, in one line naming it', (variable, overrides) => {
    const env = { ...validEnvironment(), NODE_ENV: 'production', ...overrides };
    expect(() => validateEnvironment(env)).toThrow(
      new EnvironmentValidationError(`Configuration error: ${variable} must be an https URL when NODE_ENV=production`),
    );
    expect(() => validateEnvironment({ ...env, NODE_ENV: 'development' })).not.toThrow();
  });

  it('allows plain http to a loopback identity provider in production (nothing on the network can stand in for it)', () => {
    expect(() => validateEnvironment({ ...validEnvironment(), NODE_ENV: 'production', AUTH0_ISSUER_URL: 'http://127.0.0.1:4100/' })).not.toThrow();
    expect(() => validateEnvironment({ ...validEnvironment(), NODE_ENV: 'production', AUTH0_ISSUER_URL: 'http://localhost:4100/' })).not.toThrow();
    expect(() => validateEnvironment({ ...validEnvironment(), NODE_ENV: 'production', AUTH0_ISSUER_URL: 'http://127.0.0.1.evil.example/' })).toThrow(/AUTH0_ISSUER_URL/);
  });

  it('runs the fleet health checks every 60 s unless told, and 0 turns them off', () => {
    expect(new AppConfig(validateEnvironment(validEnvironment())).twilio.fleetHealthIntervalMs).toBe(60_000);
    expect(new AppConfig(validateEnvironment({ ...validEnvironment(), FLEET_HEALTH_INTERVAL_SECONDS: '0' })).twilio.fleetHealthIntervalMs).toBe(0);
    expect(() => validateEnvironment({ ...validEnvironment(), FLEET_HEALTH_INTERVAL_SECONDS: '-1' })).toThrow(/^Configuration error: FLEET_HEALTH_INTERVAL_SECONDS/);
    expect(() => validateEnvironment({ ...validEnvironment(), FLEET_HEALTH_INTERVAL_SECONDS: 'hourly' })).toThrow(/^Configuration error: FLEET_HEALTH_INTERVAL_SECONDS/);
  });

  it('rejects a port that is not a number', () => {
    expect(() => validateEnvironment({ ...validEnvironment(), PORT: 'eighty' })).toThrow(/PORT/);
  });
});

describe(AppConfig.name, () => {
  it('derives the JWKS URL from the issuer as Auth0 publishes it', () => {
    const config = AppConfig.fromEnvironment(validEnvironment());
    expect(config.auth0.jwksUrl).toBe('https://tenant.eu.auth0.com/.well-known/jwks.json');
  });

  it('turns the environment fallback on only in development unless told', () => {
    expect(AppConfig.fromEnvironment({ ...validEnvironment(), NODE_ENV: 'development' }).twilio.envFallbackEnabled).toBe(true);
    expect(AppConfig.fromEnvironment({ ...validEnvironment(), NODE_ENV: 'production' }).twilio.envFallbackEnabled).toBe(false);
    expect(AppConfig.fromEnvironment({ ...validEnvironment(), TWILIO_ENV_FALLBACK: 'true' }).twilio.envFallbackEnabled).toBe(true);
  });

  it('trims the trailing slash of the public base URL', () => {
    expect(AppConfig.fromEnvironment(validEnvironment()).publicBaseUrl).toBe('https://api.example.com');
  });
});
