import { randomUUID } from 'node:crypto';
import { ForbiddenError, PROTOCOL_VERSION, UnauthorizedError, UnavailableError, ValidationError, type ParleyError, type ServerFrame } from '@parley/contracts';
import type { Acknowledged, EngagementUpdate, JoinedRoom, LiveClientOptions, LiveUpdate, PostOptions } from './live.types.js';
import { expectFrame, LiveFeed } from './live-feed.js';
import type { LiveConnection } from './live-connection.js';
import { LiveSocket, liveUrl } from './live-socket.js';
import type { Pending, RequestFrame } from './pending-requests.js';

type Unsent = RequestFrame extends infer F ? (F extends RequestFrame ? Omit<F, 'id'> : never) : never;
type Welcome = Extract<ServerFrame, { op: 'welcome' }>;

/** Close code of a session whose account was disabled or removed: reconnecting cannot help. */
const ACCOUNT_ENDED = 4003;

/**
 * A live session with channel servers (docs/protocol.md) for Node: requests as promises settled
 * by their answers, and updates (room events, presence) through `updates()`. It survives lost
 * connections: it reconnects with back-off (at once when a draining server asks it to move), to
 * the channel `options.channel` names then (through lookup: see ParleyClient.liveChannel), and
 * resumes every room from the last seq it handed on, so each event is handed on once and in
 * order; a post unanswered when the connection dropped is sent again with the same clientMsgId,
 * which the server stores once.
 */
export class LiveClient {
  private readonly feed = new LiveFeed(
    () => this.socket,
    (error) => this.fail(error),
    (reason) => (this.movingOn = reason),
  );
  private socket: LiveConnection | undefined;
  private welcome: Welcome | undefined;
  private ended: ParleyError | undefined;
  private wake: (() => void) | undefined;
  /** Why the server asked this client to move (it is draining): the next reconnect does not wait. */
  private movingOn: string | undefined;

  private constructor(private readonly options: LiveClientOptions) {}

  /** Connects and says hello; rejects when the first connection cannot be made. */
  static async connect(options: LiveClientOptions): Promise<LiveClient> {
    const client = new LiveClient(options);
    await client.open();
    return client;
  }

  /** Who the session belongs to. */
  get user(): { id: string; name: string } {
    return this.welcome!.user;
  }

  /** Every update, in order, for one reader; they wait here until read. Ends on close, throws on failure. */
  updates(): AsyncIterable<LiveUpdate> {
    return this.feed.updates;
  }

  /** Enters a room: its backchat then live events follow as updates. In it already: catches up from the last seq. */
  join(room: string): Promise<JoinedRoom> {
    const after = this.feed.rooms.last(room);
    return this.call({ op: 'join', room, ...(after === undefined ? {} : { after }) }, true, (frame) => {
      const joined = expectFrame(frame, 'joined');
      this.feed.entered(joined, after, false);
      const { name, disclaimer, seq, presence, participants } = joined;
      return { room, name, disclaimer, seq, presence, participants };
    });
  }

  /** Leaves a room: nothing more from it is handed on, from now. */
  async part(room: string): Promise<void> {
    this.feed.rooms.left(room);
    // Without a connection there is nothing to leave: the next one resumes only the rooms still in.
    if (!this.socket) return;
    await this.call({ op: 'part', room }, false, (frame) => void expectFrame(frame, 'parted'), () => undefined);
  }

  /** Posts a message; resolves with its seq once stored (once, however often it had to be sent). */
  post(room: string, text: string, options: PostOptions = {}): Promise<Acknowledged> {
    const clientMsgId = options.clientMsgId ?? (this.options.clientMsgId ?? randomUUID)();
    const frame = { op: 'post' as const, room, clientMsgId, text, ...(options.alert ? { alert: true } : {}), ...(options.story ? { story: options.story } : {}) };
    return this.call(frame, true, acknowledged);
  }

  /** Changes the text of one's own message. Not sent again after a lost connection (it would be a second edit). */
  edit(room: string, messageSeq: number, text: string): Promise<Acknowledged> {
    return this.call({ op: 'edit', room, messageSeq, text }, false, acknowledged);
  }

  /** Redacts a message (its author, the room's managers, administrators). */
  redact(room: string, messageSeq: number, reason?: string): Promise<Acknowledged> {
    return this.call({ op: 'redact', room, messageSeq, ...(reason === undefined ? {} : { reason }) }, false, acknowledged);
  }

  /**
   * Marks a room read up to `seq` (positions never move back): every session of the user, this one
   * too, then hears an `unread` engagement update. Sent again after a lost connection (it is idempotent).
   */
  markRead(room: string, seq: number): Promise<Acknowledged> {
    return this.call({ op: 'read', room, seq }, true, acknowledged);
  }

  /** Calls `listener` with each engagement update (unread counts, invitations) from now on; returns a function that stops it. */
  onEngagement(listener: (update: EngagementUpdate) => void): () => void {
    this.feed.engagementListeners.add(listener);
    return () => this.feed.engagementListeners.delete(listener);
  }

  /** Tells the room's other sessions this user is typing; nothing is answered, and nothing is sent while disconnected. */
  typing(room: string): void {
    this.socket?.send({ op: 'typing', room });
  }

  async ping(): Promise<void> {
    await this.call({ op: 'ping' }, false, (frame) => void expectFrame(frame, 'pong'));
  }

  /** Ends the session: `updates()` ends after what is waiting, and pending requests are refused. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.feed.updates.end();
    this.end(new UnavailableError('the live session was closed'));
    const socket = this.socket;
    this.socket = undefined;
    await socket?.close();
  }

  private call<T>(unsent: Unsent, resend: boolean, accept: (frame: ServerFrame) => T, lost?: () => T): Promise<T> {
    if (this.ended) return Promise.reject(this.ended);
    return new Promise<T>((resolve, reject) => {
      const settle = (produce: () => T) => {
        try {
          resolve(produce());
        } catch (error) {
          reject(error as Error);
        }
      };
      const frame = { ...unsent, id: this.feed.requests.nextId() } as RequestFrame;
      const pending: Pending = {
        frame,
        resend,
        sentOn: undefined,
        answered: (answer) => settle(() => accept(answer)),
        refused: reject,
        ...(lost ? { lost: () => settle(lost) } : {}),
      };
      this.feed.requests.add(frame.id, pending);
      if (this.socket) this.feed.requests.flush(this.socket);
    });
  }

  /** Opens a connection and says hello, resuming every room; once welcomed it carries every request. */
  private async open(): Promise<void> {
    const { channel, connectTimeoutMs = 10_000, connect = LiveSocket.open } = this.options;
    const url = liveUrl(typeof channel === 'string' ? channel : await channel());
    const socket: LiveConnection = await connect(url, connectTimeoutMs, {
      frame: (text) => this.feed.frame(text),
      closed: (code, reason) => this.onClosed(socket, code, reason),
    });
    const timer = setTimeout(() => socket.terminate(), connectTimeoutMs);
    try {
      const token = await this.options.credentials.accessToken();
      await this.hello(socket, token).catch(async (error: unknown) => {
        // A token the server refuses (expired early, keys rotated): renew it once and try again.
        if (!(error instanceof UnauthorizedError)) throw error;
        await this.hello(socket, await this.options.credentials.accessTokenAfterRefusal(token));
      });
    } catch (error) {
      socket.terminate();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private hello(socket: LiveConnection, token: string): Promise<void> {
    return new Promise((resolve, reject) => {
      // Closed while the token was fetched: no 'close' is coming to refuse the hello.
      if (!socket.open) return reject(new UnavailableError('the connection to the channel server was lost before hello'));
      const { requests, rooms } = this.feed;
      const id = requests.nextId('h');
      const resume = rooms.resume();
      const frame: RequestFrame = { op: 'hello', id, token, v: PROTOCOL_VERSION, ...(Object.keys(resume).length ? { resume } : {}) };
      requests.add(id, {
        frame,
        resend: false,
        sentOn: socket,
        // Everything here happens before the next frame is handled: the resumed rooms' answers follow the welcome.
        answered: (answer) => {
          const reconnected = this.welcome !== undefined;
          this.welcome = expectFrame(answer, 'welcome');
          this.socket = socket;
          socket.watch(this.welcome.heartbeatMs * 2 + 1_000);
          if (reconnected) this.feed.emit({ type: 'reconnected', sessionId: this.welcome.sessionId });
          for (const [room, after] of Object.entries(resume)) this.feed.awaitEntry(`${id}:${room}`, room, after, socket);
          requests.flush(socket);
          resolve();
        },
        refused: reject,
      });
      socket.send(frame);
    });
  }

  private onClosed(socket: LiveConnection, code: number, reason: string): void {
    this.feed.requests.disconnected(socket);
    if (socket !== this.socket) return;
    this.socket = undefined;
    if (this.ended) return;
    if (code === ACCOUNT_ENDED) return this.fail(new ForbiddenError(`the channel server ended the session: ${reason}`));
    const moving = this.movingOn;
    this.movingOn = undefined;
    void this.reconnect(moving ? `the server asked to move (${moving})` : `connection lost (${reason})`, moving !== undefined);
  }

  private async reconnect(reason: string, asked = false): Promise<void> {
    const { reconnectMinMs = 250, reconnectMaxMs = 5_000 } = this.options;
    for (let attempt = 1; !this.ended; attempt++) {
      // Jitter spreads the reconnects of many clients a server dropped at once; a server that asked
      // its clients to move is left at once, spread over the first interval.
      const retryInMs =
        asked && attempt === 1
          ? Math.round(Math.random() * reconnectMinMs)
          : Math.round(Math.min(reconnectMaxMs, reconnectMinMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.25));
      this.feed.emit({ type: 'disconnected', reason, attempt, retryInMs });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, retryInMs);
        this.wake = () => (clearTimeout(timer), resolve());
      });
      if (this.ended) return;
      try {
        return await this.open();
      } catch (error) {
        // A session the server refuses for good (signed out, account disabled) is not retried.
        if (error instanceof UnauthorizedError || error instanceof ForbiddenError || error instanceof ValidationError) return this.fail(error);
        reason = error instanceof Error ? error.message : String(error);
      }
    }
  }

  private fail(error: ParleyError): void {
    if (this.ended) return;
    this.feed.updates.fail(error);
    this.end(error);
    this.socket?.terminate();
  }

  /** No more requests; those pending are refused (after the updates ended, so no refusal shows as a lost room). */
  private end(error: ParleyError): void {
    this.ended = error;
    this.wake?.();
    this.feed.requests.refuseAll(error);
  }
}

function acknowledged(frame: ServerFrame): Acknowledged {
  const ack = expectFrame(frame, 'ack');
  return { room: ack.room, seq: ack.seq };
}
