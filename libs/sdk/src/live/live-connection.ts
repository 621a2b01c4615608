import type { ClientFrame } from '@parley/contracts';

export interface SocketEvents {
  frame(text: string): void;
  /** Once, however the socket ended (closed by either side, or found dead). */
  closed(code: number, reason: string): void;
}

/**
 * One connection to a channel server as a LiveClient uses it: the `ws` LiveSocket in Node, or one
 * over the browser's WebSocket in the web client (see LiveClientOptions.connect).
 */
export interface LiveConnection {
  /** Whether frames can still be sent (a connection that closed never opens again). */
  readonly open: boolean;
  send(frame: ClientFrame): void;
  /** Ends the connection when the server is silent for `silenceMs`. */
  watch(silenceMs: number): void;
  /** Closes with a handshake, or at once if the server does not answer it within `graceMs`. */
  close(graceMs?: number): Promise<void>;
  /** Ends the connection at once; `closed` follows. */
  terminate(): void;
}

/** Opens a connection to `url`; rejects with an UnavailableError naming it when it cannot. */
export type OpenLiveConnection = (url: string, timeoutMs: number, events: SocketEvents) => Promise<LiveConnection>;
