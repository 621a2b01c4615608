/** Injection tokens for what every Parley service has. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const EVENT_LOG = Symbol('EVENT_LOG');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const TELEMETRY = Symbol('TELEMETRY');
