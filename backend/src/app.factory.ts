import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { useRequestBodyParsers } from './common/errors/request-body-parsers';
import { useSecurityHeaders } from './security-headers';
import { setUpSwagger } from './swagger';

/** Builds the configured HTTP application; main.ts listens, tests use it as it is. */
export async function createApp(): Promise<INestApplication> {
  // rawBody: Twilio signs JSON webhooks over the exact bytes (bodySHA256).
  const app = await NestFactory.create(AppModule, { bufferLogs: true, rawBody: true });
  configureApp(app);
  await app.init();
  return app;
}

export function configureApp(app: INestApplication): void {
  app.useLogger(app.get(Logger));
  useSecurityHeaders(app);
  useRequestBodyParsers(app);
  const { corsOrigins } = app.get(AppConfig);
  if (corsOrigins.length > 0) {
    app.enableCors({ origin: corsOrigins, allowedHeaders: ['Authorization', 'Content-Type'], exposedHeaders: ['Retry-After'], maxAge: 600 });
  }
  app.enableShutdownHooks();
  setUpSwagger(app);
}
