export { teardownMongoServer as default } from './jest-global-setup';
