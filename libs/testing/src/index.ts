export * from './temp.js';
export * from './nats.js';
export * from './postgres.js';
export * from './service-process.js';
