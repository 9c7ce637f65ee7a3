import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { EnvironmentValidationError, validateEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  let port: number;
  try {
    port = validateEnvironment(process.env).PORT;
  } catch (error) {
    if (!(error instanceof EnvironmentValidationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Loaded only after the environment is known to be usable, so a bad variable is one line.
  const { createApp, startOperations } = await import('./app.factory');
  const app = await createApp();
  await app.listen(port);
  await startOperations(app);
}

void bootstrap();
