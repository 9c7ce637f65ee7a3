import 'reflect-metadata';

// Operator commands (import-env, reencrypt) arrive with the settings feature.
process.stderr.write('usage: node dist/backend/cli.js <command>\n');
process.exit(2);
