export * from './common.api.js';
export * from './provisioning.api.js';
export * from './rooms.api.js';
