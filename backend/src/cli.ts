import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { EnvironmentValidationError, validateEnvironment } from './config/environment';

/** Operator commands: `node dist/backend/cli.js <command>`; run-command.ts lists them (CLI_USAGE). */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    validateEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const [{ AppModule }, { runCommand }] = await Promise.all([import('./app.module'), import('./cli/run-command')]);
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error', 'warn'] });
  try {
    const result = await runCommand(app, process.argv.slice(2));
    (result.exitCode === 0 ? process.stdout : process.stderr).write(`${result.output}\n`);
    process.exitCode = result.exitCode;
  } finally {
    await app.close();
  }
}

void main();
