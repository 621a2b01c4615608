export * from './temp.js';
export * from './nats.js';
export * from './postgres.js';
export * from './service-process.js';
export * from './slapd.js';
export * from './directory-fixture.js';
export * from './wait.js';
export * from './s3.js';
