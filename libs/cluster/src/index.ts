export * from './rendezvous.js';
export * from './instance-registry.js';
export * from './instance-subjects.js';
export * from './leases.js';
