// The SDK for browsers (the web client): everything but what needs Node (file streams, compliance
// exports, the `ws` socket, which a browser replaces through LiveClientOptions.connect).
export * from './http-client.js';
export * from './token-store.js';
export * from './session.js';
export * from './types.js';
export * from './account.client.js';
export * from './categories.client.js';
export * from './rooms.client.js';
export * from './users.client.js';
export * from './administration.client.js';
export * from './lookup.client.js';
export * from './engagement.client.js';
export * from './live/live.types.js';
export * from './live/live-connection.js';
export { liveUrl } from './live/live-socket.js';
export { LiveClient } from './live/live-client.js';
