import type { AddressInfo } from 'node:net';
import type { WireEvent } from '@parley/contracts';
import { WebSocketServer, type WebSocket } from 'ws';

type Frame = Record<string, unknown> & { op: string; id?: string };

/** One client connection as the fake server sees it. */
export interface FakeConnection {
  ws: WebSocket;
  /** Every frame the client sent on it. */
  received: Frame[];
  rooms: Set<string>;
  /** Room events not to send it, to make a gap in what it sees. */
  skip: number;
}

/**
 * A channel server in miniature, on loopback, for testing the live client's bookkeeping: hello
 * with resume, join with backchat or `after`, posts stored once per clientMsgId and fanned out,
 * part, ping. Tests drop connections, withhold acks, skip events and send frames of their own.
 */
export class FakeChannel {
  readonly connections: FakeConnection[] = [];
  readonly rooms = new Map<string, WireEvent[]>();
  /** Access tokens hello accepts. */
  readonly tokens = new Set(['token-1']);
  /** Store posts but do not acknowledge them (as if the connection died before the ack left). */
  withholdAcks = false;
  private readonly posted = new Map<string, number>();

  private constructor(
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {
    wss.on('connection', (ws) => {
      const connection: FakeConnection = { ws, received: [], rooms: new Set(), skip: 0 };
      this.connections.push(connection);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as Frame;
        connection.received.push(frame);
        this.handle(connection, frame);
      });
    });
  }

  static async start(port = 0): Promise<FakeChannel> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/v1/ws' });
    await new Promise((resolve) => wss.once('listening', resolve));
    return new FakeChannel(wss, `http://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  }

  get port(): number {
    return Number(new URL(this.url).port);
  }

  /** Every frame clients sent, on every connection, in order. */
  received(op?: string): Frame[] {
    return this.connections.flatMap((c) => c.received).filter((f) => op === undefined || f.op === op);
  }

  /** Appends a message by someone else and sends it to the room's sessions. */
  append(room: string, text: string, clientMsgId = `other-${Math.random()}`): number {
    const events = this.rooms.get(room) ?? [];
    this.rooms.set(room, events);
    const seq = events.length + 1;
    const event: WireEvent = { id: `e${seq}`, type: 'MessagePosted', seq, actor: { kind: 'user', id: 'u2' }, occurredAt: new Date(0).toISOString(), data: { clientMsgId, text, alert: false, story: null, mentions: [] } };
    events.push(event);
    for (const c of this.connections) {
      if (!c.rooms.has(room)) continue;
      if (c.skip > 0) c.skip--;
      else this.send(c, { op: 'event', room, seq, event });
    }
    return seq;
  }

  send(connection: FakeConnection, frame: Frame): void {
    connection.ws.send(JSON.stringify(frame));
  }

  /** The latest connection. */
  get current(): FakeConnection {
    return this.connections.at(-1)!;
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.ws.terminate();
    await new Promise((resolve) => this.wss.close(resolve));
  }

  private handle(c: FakeConnection, f: Frame): void {
    const error = (code: string, message: string) => this.send(c, { op: 'error', re: f.id, code, message });
    switch (f.op) {
      case 'hello': {
        if (!this.tokens.has(f['token'] as string)) return error('UNAUTHORIZED', 'access token is not valid');
        this.send(c, { op: 'welcome', re: f.id, sessionId: `s${this.connections.length}`, user: { id: 'u1', name: 'alice' }, heartbeatMs: 15_000, v: 1 });
        for (const [room, after] of Object.entries((f['resume'] ?? {}) as Record<string, number>)) this.join(c, room, after, `${f.id}:${room}`);
        return;
      }
      case 'join':
        return this.join(c, f['room'] as string, f['after'] as number | undefined, f.id!);
      case 'part':
        c.rooms.delete(f['room'] as string);
        return this.send(c, { op: 'parted', re: f.id, room: f['room'], reason: 'left' });
      case 'post': {
        const room = f['room'] as string;
        if (room === 'closed') return error('FORBIDDEN', 'you may not post in room "closed"');
        const key = `${room}/${f['clientMsgId'] as string}`;
        const seq = this.posted.get(key) ?? this.append(room, f['text'] as string, f['clientMsgId'] as string);
        this.posted.set(key, seq);
        if (!this.withholdAcks) this.send(c, { op: 'ack', re: f.id, room, seq });
        return;
      }
      case 'ping':
        return this.send(c, { op: 'pong', re: f.id });
      case 'edit':
        // Never answered: as if the connection died before the answer left.
        return;
      default:
        return error('VALIDATION', `the fake does not do ${f.op}`);
    }
  }

  private join(c: FakeConnection, room: string, after: number | undefined, re: string): void {
    const events = this.rooms.get(room);
    if (!events) return this.send(c, { op: 'error', re, code: 'NOT_FOUND', message: `room: no room ${room}` });
    c.rooms.add(room);
    const backchat = after === undefined ? events.slice(-3) : [];
    this.send(c, { op: 'joined', re, room, name: room, disclaimer: '', seq: events.length, backchat, presence: [], participants: 1 });
    for (const event of after === undefined ? [] : events.slice(after)) this.send(c, { op: 'event', room, seq: event.seq, event });
  }
}
