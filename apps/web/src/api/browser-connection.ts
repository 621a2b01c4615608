import { BEARER_SUBPROTOCOL_PREFIX, LIVE_SUBPROTOCOL, UnavailableError, type ClientFrame } from '@parley/contracts';
import type { LiveConnection, OpenLiveConnection, SocketEvents } from '@parley/sdk';

/** Connections open now, so going offline can end them at once rather than after a silent timeout. */
const open = new Set<BrowserConnection>();

/**
 * A live connection over the browser's WebSocket. Browsers answer the server's pings without
 * telling the page, so a silent server is probed with a protocol `ping` (its `pong` answers no
 * request and is dropped) before the connection is given up.
 */
class BrowserConnection implements LiveConnection {
  private silenceMs = 0;
  private probe: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  private ended = false;
  private probes = 0;
  private readonly done: Promise<void>;
  private finish!: () => void;

  constructor(
    private readonly ws: WebSocket,
    private readonly events: SocketEvents,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
    ws.onmessage = (message) => {
      this.heard();
      if (typeof message.data === 'string') events.frame(message.data);
    };
    ws.onclose = (close) => this.closed(close.code, close.reason || `code ${close.code}`);
    open.add(this);
  }

  get open(): boolean {
    return !this.ended && this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: ClientFrame): void {
    if (this.open) this.ws.send(JSON.stringify(frame));
  }

  watch(silenceMs: number): void {
    this.silenceMs = silenceMs;
    this.heard();
  }

  async close(graceMs = 2_000): Promise<void> {
    if (this.ended) return;
    this.ws.close(1000, 'bye');
    const timer = setTimeout(() => this.terminate(), graceMs);
    await this.done;
    clearTimeout(timer);
  }

  terminate(): void {
    this.closed(1006, 'connection ended');
  }

  private closed(code: number, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    open.delete(this);
    clearTimeout(this.probe);
    clearTimeout(this.watchdog);
    this.ws.onmessage = this.ws.onclose = null;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
    this.events.closed(code, reason);
    this.finish();
  }

  private heard(): void {
    if (!this.silenceMs) return;
    clearTimeout(this.probe);
    clearTimeout(this.watchdog);
    this.probe = setTimeout(() => this.send({ op: 'ping', id: `probe-${++this.probes}` }), this.silenceMs / 2);
    this.watchdog = setTimeout(() => this.terminate(), this.silenceMs);
  }
}

/**
 * Opens live connections with the browser's WebSocket; refuses while the browser says it is
 * offline. Each offers the user's access token as a subprotocol, so that the web gateway can ask
 * lookup which channel server the session goes to (the least loaded, not draining).
 */
export function browserConnections(accessToken: () => Promise<string>): OpenLiveConnection {
  return async (url, timeoutMs, events) => {
    if (!navigator.onLine) throw new UnavailableError('this browser is offline');
    const protocols = [LIVE_SUBPROTOCOL, `${BEARER_SUBPROTOCOL_PREFIX}${await accessToken()}`];
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols);
      const timer = setTimeout(() => (ws.close(), reject(new UnavailableError(`cannot reach ${url} (timed out)`))), timeoutMs);
      ws.onerror = () => (clearTimeout(timer), reject(new UnavailableError(`cannot reach ${url}`)));
      ws.onopen = () => {
        clearTimeout(timer);
        ws.onerror = null;
        resolve(new BrowserConnection(ws, events));
      };
    });
  };
}

/** Ends every live connection when the browser goes offline: the client then reconnects, and resumes, once it is back. */
export function endConnectionsWhenOffline(): () => void {
  const offline = () => {
    for (const connection of [...open]) connection.terminate();
  };
  window.addEventListener('offline', offline);
  return () => window.removeEventListener('offline', offline);
}
