export * from './child.js';
export * from './nats-server.js';
