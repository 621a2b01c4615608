export * from './tokens.js';
export * from './nats.js';
export * from './core.module.js';
export * from './error.filter.js';
export * from './health.controller.js';
export * from './run-service.js';
