export * from './stack';
export * from './built-api';
export * from './local-identity';
export { startConsoleServer, type ConsoleRuntimeConfig } from './console-server';
export { reachableRedis } from './redis';
