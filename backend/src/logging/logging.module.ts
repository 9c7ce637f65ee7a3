import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';

/**
 * Every path where a secret could travel. pino replaces them before a line is written, so a
 * careless log call still cannot leak an Auth Token, an API key secret or a bearer token.
 */
const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  '*.authToken',
  '*.apiKeySecret',
  '*.password',
  '*.secret',
  '*.token',
  'authToken',
  'apiKeySecret',
];

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          // Request bodies are never logged; the query string is dropped because Twilio puts
          // nothing secret there but other callers might.
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url?.split('?')[0],
            }),
          },
          autoLogging: { ignore: (req: { url?: string }) => req.url?.startsWith('/health') ?? false },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
