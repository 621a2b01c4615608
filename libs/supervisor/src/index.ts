export * from './child.js';
export * from './nats-server.js';
export * from './slapd.js';
