export * from './child.js';
export * from './nats-server.js';
export * from './slapd.js';
export * from './s3rver.js';
export * from './nats-cluster.js';
