export * from './event-log.js';
export * from './stored-event.js';
export * from './streams.js';
export * from './errors.js';
export { injectTrace, withEventSpans } from './trace.js';
export type { ConsumeOptions, StartPosition, SubscribeOptions, Subscription } from './follower.js';
