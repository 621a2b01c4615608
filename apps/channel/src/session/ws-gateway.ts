import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES, type ServerFrame } from '@parley/contracts';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SessionContext } from './session-context.js';
import { Session } from './session.js';
import { WriteCoalescer } from './write-coalescer.js';

/** The WebSocket endpoint of a channel server. */
export const WS_PATH = '/v1/ws';

/**
 * Accepts live sessions on `/v1/ws` of the service's HTTP server. Frames above MAX_FRAME_BYTES
 * close the connection with 1009; a connection that answers no ping within a heartbeat is dropped
 * (its rooms are left); a session that has not said hello in time is closed with 4001.
 */
export class WsGateway {
  private readonly wss: WebSocketServer;
  private readonly sessions = new Set<Session>();
  private readonly byUser = new Map<string, Set<Session>>();
  private readonly writes = new WriteCoalescer();
  private heartbeat: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly server: Server,
    private readonly ctx: Omit<SessionContext, 'register'>,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  }

  start(): void {
    this.server.on('upgrade', (request, socket, head) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== WS_PATH) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket));
    });
    const alive = new WeakSet<WebSocket>();
    this.heartbeat = setInterval(() => {
      for (const ws of this.wss.clients) {
        if (!alive.has(ws)) {
          ws.terminate();
          continue;
        }
        alive.delete(ws);
        ws.ping();
      }
    }, this.ctx.limits.heartbeatMs);
    this.heartbeat.unref();
    this.wss.on('connection', (ws) => {
      alive.add(ws);
      ws.on('pong', () => alive.add(ws));
    });
  }

  /** Ends every session of a user (account disabled or removed). */
  endUser(userId: string, reason: string): void {
    for (const session of this.byUser.get(userId) ?? []) session.end(4003, reason);
  }

  /** Sends a frame to every session of a user on this server. */
  push(userId: string, frame: ServerFrame): void {
    for (const session of this.byUser.get(userId) ?? []) session.push(frame);
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Sends every client elsewhere: no new sessions are accepted, each session is told to reconnect
   * (through lookup, to another server) and closed with 1012; resolves when all are gone, or after
   * `waitMs` at most.
   */
  async drain(reason: string, waitMs: number): Promise<void> {
    this.draining = true;
    for (const session of this.sessions) session.redirect(reason);
    const deadline = Date.now() + waitMs;
    while (this.sessions.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  get userIds(): Iterable<string> {
    return this.byUser.keys();
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const ws of this.wss.clients) ws.close(1001, 'server stopping');
    await Promise.all([...this.sessions].map((s) => s.close()));
    this.wss.close();
  }

  private accept(ws: WebSocket, socket: Duplex): void {
    if (this.draining) {
      ws.close(1013, 'this server is draining; ask lookup for another');
      return;
    }
    this.wss.emit('connection', ws);
    const session = new Session(
      ws,
      {
        ...this.ctx,
        register: () => {
          const userId = session.userId!;
          let set = this.byUser.get(userId);
          if (!set) this.byUser.set(userId, (set = new Set()));
          set.add(session);
        },
      },
      () => this.writes.hold(socket),
    );
    this.sessions.add(session);
    const helloTimer = setTimeout(() => {
      if (!session.userId) ws.close(4001, 'no hello in time');
    }, 10_000);
    helloTimer.unref();
    // Frames are handled one at a time per session, in order.
    let queue: Promise<void> = Promise.resolve();
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      queue = queue.then(() => session.onFrame(text));
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      this.sessions.delete(session);
      const userId = session.userId;
      if (userId) this.byUser.get(userId)?.delete(session);
      void queue.then(() => session.close());
    });
    ws.on('error', () => undefined);
  }
}
