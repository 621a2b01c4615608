export * from './errors.js';
export * from './ids.js';
export * from './validation.js';
export * from './subjects.js';
export * from './envelope.js';
export * from './registry.js';
export * from './events/index.js';
export * from './roles.js';
