import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { methodNotAllowed } from './common/http/method-not-allowed';
import { AppConfig } from './config/app-config';
import { OperationsServer } from './operations/operations-server';
import { TwilioFleetHealthJob } from './twilio-config/health/twilio-fleet-health.job';
import { WebhookDriftService } from './twilio-config/webhook-drift/webhook-drift.service';
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

/**
 * The operations side of a serving process: the private listener on METRICS_PORT, the fleet
 * health schedule and the webhook drift reconciliation. Not part of createApp, so operator
 * commands (cli.ts) never bind the port nor call Twilio on a schedule.
 */
export async function startOperations(app: INestApplication): Promise<number> {
  const port = await app.get(OperationsServer).listen();
  app.get(TwilioFleetHealthJob).start();
  app.get(WebhookDriftService).start();
  return port;
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
  // Before the routes: a documented path asked with a method it does not list answers 405, not 404.
  app.use(methodNotAllowed(setUpSwagger(app)));
}
