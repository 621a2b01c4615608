export * from './routes.js';
export { clientBuilt, INSTALLED_CLIENT } from './static-files.js';
export * from './web-gateway.js';
export * from './web-gateway.settings.js';
