import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { register } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { TwilioFleetHealthJob } from '../twilio-config/health/twilio-fleet-health.job';

/**
 * The operations listener on METRICS_PORT: `GET /metrics` (Prometheus, whose SMS and webhook
 * counters are labelled per organization) and `GET /health/twilio` (the fleet health job's last
 * result). Never on PORT, which is the one behind the public proxy. With METRICS_TOKEN, every
 * request must carry it as a bearer token (compared in constant time).
 */
@Injectable()
export class OperationsServer implements OnApplicationShutdown {
  private readonly logger = new Logger(OperationsServer.name);
  private server: Server | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly fleetHealth: TwilioFleetHealthJob,
  ) {}

  /** Starts listening; answers the port (METRICS_PORT, or the free one picked for 0). */
  async listen(): Promise<number> {
    const app = express();
    app.disable('x-powered-by');
    app.use(this.requireToken());
    app.get('/metrics', (_request, response, next) => {
      register
        .metrics()
        .then((text) => response.type(register.contentType).send(text))
        .catch(next);
    });
    app.get('/health/twilio', (_request, response) => {
      response.json(this.fleetHealth.state());
    });
    app.use((_request: Request, response: Response) => {
      response.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: 'Only GET /metrics and GET /health/twilio are served here.' });
    });
    app.use((error: Error, _request: Request, response: Response, _next: NextFunction) => {
      this.logger.error({ err: error.message }, 'Operations listener failed to answer');
      response.status(500).json({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'The metrics could not be collected.' });
    });
    const server = createServer(app);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
      server.listen(this.config.operations.port);
    });
    this.server = server;
    return (server.address() as AddressInfo).port;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private requireToken() {
    const expected = this.config.operations.token;
    const expectedDigest = expected ? digest(expected) : null;
    return (request: Request, response: Response, next: NextFunction) => {
      if (!expectedDigest) return next();
      const [scheme, token] = (request.headers.authorization ?? '').split(' ');
      // Digests of equal length, so the comparison's time says nothing about the token.
      if (scheme?.toLowerCase() === 'bearer' && token && timingSafeEqual(digest(token), expectedDigest)) return next();
      response.setHeader('WWW-Authenticate', 'Bearer');
      response.status(401).json({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'METRICS_TOKEN is required as a bearer token.' });
    };
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
