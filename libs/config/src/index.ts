export * from './settings.js';
export * from './load.js';
export * from './common.js';
export * from './docs.js';
export * from './node-options.js';
