import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';

/**
 * One API instance without its HTTP server: the AppModule's providers, configured from
 * process.env as main.ts does. The benchmarks run under @swc-node/register (SWC with the
 * decorator metadata Nest's dependency injection needs, and tsconfig.base.json's path aliases
 * through backend/bench/tsconfig.json).
 */
export function startBackendContext(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
}
