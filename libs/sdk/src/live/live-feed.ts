import { errorFromBody, InternalError, type ParleyError, type ServerFrame } from '@parley/contracts';
import type { EngagementUpdate, LiveUpdate } from './live.types.js';
import type { LiveConnection } from './live-connection.js';
import { PendingRequests } from './pending-requests.js';
import { RoomTracker } from './room-tracker.js';
import { parseServerFrame } from './server-frames.js';
import { UpdateQueue } from './update-queue.js';

type Joined = Extract<ServerFrame, { op: 'joined' }>;

/**
 * What arrives on a live session's connections: answers settle the requests naming them; room
 * events are handed on once each, in seq order, a gap or a resync asking the room again from its
 * last seq; presence and partings are handed on as they come.
 */
export class LiveFeed {
  readonly rooms = new RoomTracker();
  readonly requests = new PendingRequests();
  readonly updates = new UpdateQueue<LiveUpdate>();
  /** Who hears engagement updates; without a listener they are dropped (they are state, re-read on demand). */
  readonly engagementListeners = new Set<(update: EngagementUpdate) => void>();

  constructor(
    /** The connection that carries requests now, if any. */
    private readonly connection: () => LiveConnection | undefined,
    /** The server sent what this client cannot follow: the session cannot go on. */
    private readonly broken: (error: ParleyError) => void,
    /** The server asked the client to move to another server (it is draining). */
    private readonly movedOn?: (reason: string) => void,
  ) {}

  emit(update: LiveUpdate): void {
    this.updates.push(update);
  }

  /** A join's answer: the room from `after` (a resume or catch-up), or from its backchat. */
  entered(joined: Joined, after: number | undefined, resumed: boolean): void {
    const backchat = this.rooms.entered(joined.room, joined, after);
    const { room, name, disclaimer, seq, presence, participants } = joined;
    this.emit({ type: 'joined', resumed, room, name, disclaimer, seq, presence, participants });
    for (const event of backchat) this.emit({ type: 'event', room, seq: event.seq, event, backchat: true });
  }

  /** Waits for the answer `id` names to re-entering `room` after `after` (a resume, or a catch-up). */
  awaitEntry(id: string, room: string, after: number, socket: LiveConnection): void {
    this.requests.add(id, {
      frame: undefined,
      resend: false,
      sentOn: socket,
      answered: (frame) => this.entered(expectFrame(frame, 'joined'), after, true),
      refused: (error) => {
        this.rooms.left(room);
        this.emit({ type: 'lost', room, error });
      },
      // The next connection's hello resumes the room.
      lost: () => undefined,
    });
  }

  frame(text: string): void {
    let frame: ServerFrame | undefined;
    try {
      frame = parseServerFrame(text);
    } catch (error) {
      return this.broken(error as ParleyError);
    }
    if (!frame) return;
    switch (frame.op) {
      case 'welcome':
      case 'joined':
      case 'ack':
      case 'pong':
        this.requests.take(frame.re)?.answered(frame);
        return;
      case 'parted': {
        const pending = this.requests.take(frame.re);
        if (pending) return pending.answered(frame);
        if (!this.rooms.has(frame.room) || frame.reason === 'left') return;
        this.rooms.left(frame.room);
        return this.emit({ type: 'parted', room: frame.room, reason: frame.reason });
      }
      case 'error':
        // Errors naming no request answer frames that expect no answer (typing): nothing waits for them.
        this.requests.take(frame.re)?.refused(errorFromBody(frame));
        return;
      case 'event': {
        const arrival = this.rooms.arrived(frame.room, frame.seq);
        if (arrival === 'deliver') this.emit({ type: 'event', room: frame.room, seq: frame.seq, event: frame.event, backchat: false });
        else if (arrival === 'gap') this.catchUp(frame.room);
        return;
      }
      case 'presence': {
        const { op: _op, ...presence } = frame;
        if (this.rooms.has(frame.room)) this.emit({ type: 'presence', ...presence });
        return;
      }
      case 'typing':
        if (this.rooms.has(frame.room)) this.emit({ type: 'typing', room: frame.room, user: frame.user });
        return;
      case 'resync':
        for (const room of frame.rooms) this.catchUp(room);
        return;
      case 'reconnect':
        this.movedOn?.(frame.reason);
        return;
      case 'unread':
      case 'invited':
      case 'feed': {
        const { op, ...rest } = frame;
        const update = { type: op, ...rest } as EngagementUpdate;
        for (const listener of this.engagementListeners) listener(update);
        return;
      }
      default:
        return assertNever(frame);
    }
  }

  private catchUp(room: string): void {
    const socket = this.connection();
    // Without a connection, the next hello resumes the room from its last seq.
    if (!socket) return;
    const after = this.rooms.catchUp(room);
    if (after === undefined) return;
    const id = this.requests.nextId('c');
    this.awaitEntry(id, room, after, socket);
    socket.send({ op: 'join', id, room, after });
  }
}

/** The answer as the frame a request expects, or an InternalError: the server answered out of turn. */
export function expectFrame<Op extends ServerFrame['op']>(frame: ServerFrame, op: Op): Extract<ServerFrame, { op: Op }> {
  if (frame.op !== op) throw new InternalError(`the channel server answered ${frame.op} where ${op} was expected`);
  return frame as Extract<ServerFrame, { op: Op }>;
}

function assertNever(value: never): never {
  throw new InternalError(`unhandled frame ${JSON.stringify(value)}`);
}
