import { randomUUID } from 'node:crypto';
import {
  ClientFrameSchema,
  CLIENT_OPS,
  fieldIssues,
  ForbiddenError,
  isParleyError,
  NotFoundError,
  PROTOCOL_VERSION,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
  type ClientFrame,
  type ServerFrame,
} from '@parley/contracts';
import type { WebSocket } from 'ws';
import type { RoomSubscriber } from '../live/room-hub.js';
import { countPost, traceFrame } from '../telemetry/channel-telemetry.js';
import type { SessionContext } from './session-context.js';
import { RateLimiter } from './rate-limiter.js';
import { RoomPresence } from './room-presence.js';

type RoomState = { mode: 'live' } | { mode: 'catching-up'; held: { frame: string; seq?: number | undefined }[] } | { mode: 'behind' };

/**
 * One client's live session over one WebSocket: hello (sign-in with an access token, resuming
 * rooms), join and part, post, edit, redact, typing. Every request is answered (ack or typed error
 * naming the request); a malformed one changes nothing and the session goes on. The session is a
 * subscriber of the rooms it is in; if it falls behind, it stops receiving and is told to resync.
 */
export class Session {
  readonly sessionId = randomUUID().replace(/-/g, '');
  private user: { id: string; name: string } | undefined;
  private readonly rooms = new Map<string, RoomState>();
  private readonly subscriber: RoomSubscriber;
  private readonly posts: RateLimiter;
  private readonly typing: RateLimiter;
  private readonly presence: RoomPresence;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
    /** Called before each frame is written (the gateway coalesces a turn's frames into one write). */
    private readonly beforeWrite: () => void = () => undefined,
  ) {
    this.posts = new RateLimiter(ctx.limits.postsPerSecond, ctx.limits.postBurst);
    this.typing = new RateLimiter(2, 4);
    this.presence = new RoomPresence(ctx, this.sessionId);
    const userId = () => this.user!.id;
    this.subscriber = {
      get userId() {
        return userId();
      },
      sessionId: this.sessionId,
      send: (frame, roomId, seq) => this.deliver(frame, roomId, seq),
      revoke: (roomId, reason) => this.leave(roomId, reason),
    };
  }

  get userId(): string | undefined {
    return this.user?.id;
  }

  async onFrame(raw: string): Promise<void> {
    let frame: ClientFrame;
    try {
      frame = this.parse(raw);
    } catch (error) {
      this.send({ op: 'error', ...this.errorBody(error), ...this.requestId(raw) });
      return;
    }
    try {
      await traceFrame(frame, () => this.handle(frame));
    } catch (error) {
      this.send({ op: 'error', ...this.errorBody(error), ...('id' in frame ? { re: frame.id } : {}) });
    }
  }

  /** Ends the session: leaves every room (recorded for compliance), unsubscribes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.rooms.keys()].map((roomId) => this.leave(roomId, 'disconnected')));
  }

  /** Sends a frame about the user rather than a room (unread counts, invitations), once signed in. */
  push(frame: ServerFrame): void {
    if (this.user && !this.closed) this.send(frame);
  }

  /** Closes the socket for a reason the client should see (account disabled, server stopping). */
  end(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  /** Tells the client to reconnect to another server (this one is draining), then closes with 1012. */
  redirect(reason: string): void {
    this.send({ op: 'reconnect', reason });
    this.ws.close(1012, reason.slice(0, 120));
  }

  private parse(raw: string): ClientFrame {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ValidationError('frame is not JSON');
    }
    const op = (json as { op?: unknown } | null)?.op;
    if (typeof op !== 'string' || !(CLIENT_OPS as string[]).includes(op)) {
      throw new ValidationError('invalid frame', [{ path: 'op', message: `unknown op "${String(op)}"; expected one of ${CLIENT_OPS.join(', ')}` }]);
    }
    const result = ClientFrameSchema.safeParse(json);
    if (!result.success) throw new ValidationError(`invalid ${op} frame`, fieldIssues(result.error));
    return result.data;
  }

  private async handle(frame: ClientFrame): Promise<void> {
    if (frame.op === 'hello') return this.hello(frame.id, frame.token, frame.resume ?? {});
    if (frame.op === 'ping') return this.send({ op: 'pong', re: frame.id });
    const user = this.user;
    if (!user) throw new UnauthorizedError('say hello (with an access token) first');
    switch (frame.op) {
      case 'join':
        return this.join(frame.room, frame.after, frame.id);
      case 'part':
        await this.leave(frame.room, 'left', frame.id);
        return;
      case 'read':
        await this.ctx.engagement.markRead(user.id, frame.room, frame.seq);
        return this.send({ op: 'ack', re: frame.id, room: frame.room, seq: frame.seq });
      case 'typing':
        if (this.rooms.get(frame.room)?.mode === 'live' && this.typing.take()) this.ctx.hub.publishTyping(frame.room, { userId: user.id, name: user.name });
        return;
      case 'post':
      case 'edit':
      case 'redact': {
        // Messages are sent from inside a room, so that comings and goings are on record.
        if (!this.rooms.has(frame.room)) throw new ValidationError(`invalid ${frame.op}`, [{ path: 'room', message: 'join the room first' }]);
        if (!this.posts.take()) throw new RateLimitedError('too many messages: slow down');
        const command =
          frame.op === 'post'
            ? { type: 'PostMessage' as const, clientMsgId: frame.clientMsgId, text: frame.text, alert: frame.alert ?? false, story: frame.story ?? null }
            : frame.op === 'edit'
              ? { type: 'EditMessage' as const, messageSeq: frame.messageSeq, text: frame.text }
              : { type: 'RedactMessage' as const, messageSeq: frame.messageSeq, reason: frame.reason ?? null };
        const seq = await this.ctx.messaging.execute(user.id, frame.room, command);
        this.send({ op: 'ack', re: frame.id, room: frame.room, seq });
        if (frame.op === 'post') countPost();
        return;
      }
    }
  }

  private async hello(id: string, token: string, resume: Record<string, number>): Promise<void> {
    if (this.user) throw new ValidationError('invalid hello', [{ path: 'op', message: 'this session has said hello already' }]);
    this.user = await this.ctx.authenticate(token);
    this.ctx.register(this);
    this.send({ op: 'welcome', re: id, sessionId: this.sessionId, user: this.user, heartbeatMs: this.ctx.limits.heartbeatMs, v: PROTOCOL_VERSION });
    for (const [roomId, after] of Object.entries(resume)) {
      await this.join(roomId, after, `${id}:${roomId}`).catch((error: unknown) => this.send({ op: 'error', re: `${id}:${roomId}`, ...this.errorBody(error) }));
    }
  }

  private async join(roomId: string, after: number | undefined, requestId: string): Promise<void> {
    const user = this.user!;
    const live = await this.ctx.registry.get(roomId);
    const room = live.room;
    if (!room || room.removed || !this.ctx.state.rooms.canSee(user.id, room)) throw new NotFoundError(`room: no room ${roomId}`);
    if (!this.ctx.state.rooms.canJoin(user.id, room)) throw new ForbiddenError(room.disabled ? `room "${room.name}" is disabled` : `you may not enter room "${room.name}"`);
    const already = this.rooms.get(roomId);
    if (already && already.mode !== 'behind') this.ctx.hub.unsubscribe(roomId, this.subscriber);
    const missed = after === undefined ? undefined : live.eventsAfter(after);
    const held: { frame: string; seq?: number | undefined }[] = [];
    // Subscribe first, then send what came before: nothing falls between the two.
    this.rooms.set(roomId, missed === undefined && after !== undefined ? { mode: 'catching-up', held } : { mode: 'live' });
    this.ctx.hub.subscribe(roomId, this.subscriber);
    const seq = live.version.seq;
    const backchat = after === undefined ? live.backchatSnapshot() : [];
    this.send({
      op: 'joined',
      re: requestId,
      room: roomId,
      name: room.name,
      disclaimer: room.disclaimer,
      seq,
      backchat,
      presence: this.presence.list(live),
      participants: live.presence.size,
    });
    if (after !== undefined) {
      const events = missed ?? (await this.ctx.history(roomId, after, seq));
      for (const event of events) this.sendRaw(JSON.stringify({ op: 'event', room: roomId, seq: event.seq, event }));
      const last = events.at(-1)?.seq ?? after;
      for (const h of held) if (h.seq === undefined || h.seq > last) this.sendRaw(h.frame);
      this.rooms.set(roomId, { mode: 'live' });
    }
    if (!already) await this.presence.joined(roomId, user.id, backchat);
  }

  private async leave(roomId: string, reason: 'left' | 'disconnected' | 'removed' | 'disabled' | 'room-removed', requestId?: string): Promise<void> {
    const state = this.rooms.get(roomId);
    if (!state) {
      if (requestId) throw new NotFoundError(`room: you are not in room ${roomId}`);
      return;
    }
    this.rooms.delete(roomId);
    this.ctx.hub.unsubscribe(roomId, this.subscriber);
    if (reason !== 'disconnected') this.send({ op: 'parted', ...(requestId ? { re: requestId } : {}), room: roomId, reason: reason === 'left' ? 'left' : reason });
    await this.presence.parted(roomId, this.user!.id, reason);
  }

  private deliver(frame: string, roomId: string, seq: number | undefined): void {
    const state = this.rooms.get(roomId);
    if (!state || state.mode === 'behind') return;
    if (state.mode === 'catching-up') {
      state.held.push({ frame, seq });
      return;
    }
    if (this.ws.bufferedAmount > this.ctx.limits.sendBufferBytes) {
      // A slow reader must never hold anyone up: stop sending, and tell it to resume from its last seq.
      const behind = [...this.rooms.keys()];
      for (const r of behind) this.rooms.set(r, { mode: 'behind' });
      this.send({ op: 'resync', rooms: behind, reason: 'the connection fell behind; join again with `after` = your last seq' });
      return;
    }
    this.sendRaw(frame);
  }

  private send(frame: ServerFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  private sendRaw(frame: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.beforeWrite();
    this.ws.send(frame);
  }

  private errorBody(error: unknown) {
    if (isParleyError(error)) {
      const body = error.toBody();
      return { code: body.code, message: body.message, ...(body.issues ? { issues: body.issues } : {}) };
    }
    this.ctx.logError(error);
    return { code: 'INTERNAL' as const, message: 'internal error' };
  }

  private requestId(raw: string): { re?: string } {
    try {
      const id = (JSON.parse(raw) as { id?: unknown }).id;
      return typeof id === 'string' && id.length <= 64 ? { re: id } : {};
    } catch {
      return {};
    }
  }
}
