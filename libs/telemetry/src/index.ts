export * from './telemetry.js';
export * from './logger.js';
export * from './metrics.js';
export * from './instrumentation.js';
export * from './recording.js';
