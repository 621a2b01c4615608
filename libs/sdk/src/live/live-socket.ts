import { UnavailableError, type ClientFrame } from '@parley/contracts';
import { WebSocket } from 'ws';
import type { LiveConnection, SocketEvents } from './live-connection.js';

export type { SocketEvents } from './live-connection.js';

/** `<channel>/v1/ws`, with the channel's http(s) scheme turned into ws(s). */
export function liveUrl(channel: string): string {
  return `${channel.replace(/\/+$/, '').replace(/^http(s?):/i, 'ws$1:')}/v1/ws`;
}

/**
 * One WebSocket to a channel server: JSON text frames out, text frames in. A connection that
 * stops hearing the server's pings is ended, since a dead peer may never send a close.
 */
export class LiveSocket implements LiveConnection {
  private watchdog: NodeJS.Timeout | undefined;
  private silenceMs = 0;
  private readonly ended: Promise<void>;

  private constructor(
    private readonly ws: WebSocket,
    events: SocketEvents,
  ) {
    ws.on('message', (data, isBinary) => {
      this.heard();
      if (!isBinary) events.frame(data.toString());
    });
    ws.on('ping', () => this.heard());
    this.ended = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        clearTimeout(this.watchdog);
        events.closed(code, reason.toString() || `code ${code}`);
        resolve();
      }),
    );
  }

  /** Opens a socket to `url`; rejects with an UnavailableError naming it when it cannot. */
  static open(url: string, timeoutMs: number, events: SocketEvents): Promise<LiveSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { handshakeTimeout: timeoutMs });
      // After opening, errors are followed by 'close', which is what the client acts on.
      ws.on('error', (error: Error & { code?: string }) => reject(new UnavailableError(`cannot reach ${url} (${error.code ?? error.message})`, { cause: error })));
      ws.once('open', () => resolve(new LiveSocket(ws, events)));
    });
  }

  /** Whether frames can still be sent (a socket that closed never opens again). */
  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: ClientFrame): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  /** Ends the socket when the server is silent (no frame, no ping) for `silenceMs`. */
  watch(silenceMs: number): void {
    this.silenceMs = silenceMs;
    this.heard();
  }

  /** Closes with a handshake, or at once if the server does not answer it within `graceMs`. */
  async close(graceMs = 2_000): Promise<void> {
    this.ws.close(1000, 'bye');
    const timer = setTimeout(() => this.ws.terminate(), graceMs);
    await this.ended;
    clearTimeout(timer);
  }

  /** Ends the socket at once, without a closing handshake. */
  terminate(): void {
    this.ws.terminate();
  }

  private heard(): void {
    if (!this.silenceMs) return;
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => this.ws.terminate(), this.silenceMs);
    this.watchdog.unref();
  }
}
