export { setupMongoServer as default } from './jest-global-setup';
