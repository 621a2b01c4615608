export * from './common.api.js';
export * from './compliance.api.js';
export * from './files.api.js';
export * from './history.api.js';
export * from './provisioning.api.js';
export * from './rooms.api.js';
export * from './engagement.api.js';
export * from './projections.api.js';
