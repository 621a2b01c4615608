import type { NatsConnection, Subscription as NatsSubscription } from '@nats-io/transport-node';
import type { PresenceEntry, RoomEvent } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { EventLog, StoredEvent, Subscription } from '@parley/eventlog';
import { traceFanout } from '../telemetry/channel-telemetry.js';
import type { LiveRoom } from './live-room.js';
import type { RoomRegistry } from './room-registry.js';

/** What the hub delivers to: one session's view of one room. */
export interface RoomSubscriber {
  readonly userId: string;
  readonly sessionId: string;
  /** Sends a frame already serialised once for every subscriber. */
  send(frame: string, roomId: string, seq?: number): void;
  /** The subscriber lost access (removed, walled off, room disabled or removed). */
  revoke(roomId: string, reason: 'removed' | 'disabled' | 'room-removed'): void;
}

/** Room events that can change who may be in a room. */
const ACCESS_EVENTS = new Set<RoomEvent['type']>(['RoomUpdated', 'RoomRolesChanged', 'RoomDisabled', 'RoomRemoved']);

/**
 * Fan-out on one channel server: follows every room's events (one ordered consumer on
 * `chat.room.*` for the whole server, no consumer per room or per user), presence (`activity.room.*`)
 * and typing (core NATS, nothing stored), and delivers each to the sessions in that room here.
 * Each event is serialised once, whatever the number of recipients.
 */
export class RoomHub {
  private readonly subscribers = new Map<string, Set<RoomSubscriber>>();
  private followers: Subscription[] = [];
  private typing: NatsSubscription | undefined;

  constructor(
    private readonly log: EventLog,
    private readonly nc: NatsConnection,
    private readonly registry: RoomRegistry,
    private readonly state: DirectoryState,
    private readonly participantLimit: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  async start(): Promise<void> {
    const subjects = this.log.subjects;
    this.followers = [
      this.log.subscribe({ filter: subjects.allAggregates('room'), from: 'new', onEvent: (s) => this.onRoomEvent(s), onError: this.onError }),
      this.log.subscribe({ filter: `${subjects.prefix}activity.room.*`, from: 'new', onEvent: (s) => this.onActivity(s), onError: this.onError }),
    ];
    this.typing = this.nc.subscribe(`${subjects.prefix}live.room.*.typing`, {
      callback: (error, msg) => {
        if (error) return;
        const roomId = msg.subject.split('.').at(-2)!;
        const user = msg.json<PresenceEntry>();
        this.broadcast(roomId, JSON.stringify({ op: 'typing', room: roomId, user }));
      },
    });
    await Promise.all(this.followers.map((f) => f.ready));
    // Anyone whose access changes in the directory (disabled, left a group, walled off) is re-checked.
    this.state.onChange(() => this.recheckAll());
  }

  async stop(): Promise<void> {
    this.typing?.unsubscribe();
    await Promise.all(this.followers.map((f) => f.stop()));
  }

  subscribe(roomId: string, subscriber: RoomSubscriber): void {
    let set = this.subscribers.get(roomId);
    if (!set) this.subscribers.set(roomId, (set = new Set()));
    set.add(subscriber);
  }

  unsubscribe(roomId: string, subscriber: RoomSubscriber): void {
    const set = this.subscribers.get(roomId);
    set?.delete(subscriber);
    if (set?.size === 0) this.subscribers.delete(roomId);
  }

  /** Applies a room event (this server's own append, or one from the log) and delivers it once. */
  dispatch(stored: StoredEvent): void {
    const roomId = stored.event.aggregateId;
    const room = this.registry.ingest(roomId, stored);
    if (!room) return;
    traceFanout(stored, () => {
      if (ACCESS_EVENTS.has(stored.event.type as RoomEvent['type'])) this.recheck(room);
      return this.broadcast(roomId, JSON.stringify({ op: 'event', room: roomId, seq: stored.event.seq, event: room.latest }), stored.event.seq);
    });
  }

  /** This server's live consumers of the log and how far behind each is (for the consumer lag gauge). */
  get consumers(): { name: string; pending: number }[] {
    const [rooms, activity] = this.followers;
    return rooms && activity ? [{ name: 'channel.room-events', pending: rooms.pending }, { name: 'channel.room-activity', pending: activity.pending }] : [];
  }

  publishTyping(roomId: string, user: PresenceEntry): void {
    this.nc.publish(`${this.log.subjects.prefix}live.room.${roomId}.typing`, JSON.stringify(user));
  }

  participants(room: LiveRoom): number {
    return room.presence.size;
  }

  private onRoomEvent(stored: StoredEvent): void {
    this.dispatch(stored);
  }

  private onActivity(stored: StoredEvent): void {
    const event = stored.event;
    if (event.type !== 'RoomJoined' && event.type !== 'RoomParted') return;
    const room = this.registry.loaded(event.aggregateId);
    if (!room) return;
    const { userId, sessionId } = event.data;
    const before = room.presence.has(userId);
    if (event.type === 'RoomJoined') {
      const sessions = room.presence.get(userId) ?? new Set<string>();
      sessions.add(sessionId);
      room.presence.set(userId, sessions);
    } else {
      const sessions = room.presence.get(userId);
      sessions?.delete(sessionId);
      if (sessions?.size === 0) room.presence.delete(userId);
    }
    const after = room.presence.has(userId);
    if (before === after) return;
    // Above the participant update limit, people come and go without a notice each (Group Chat's rule).
    const participants = room.presence.size;
    if (participants > this.participantLimit()) return;
    const entry = { userId, name: this.name(userId) };
    this.broadcast(room.id, JSON.stringify({ op: 'presence', room: room.id, ...(after ? { joined: entry } : { parted: entry }), participants }));
  }

  name(userId: string): string {
    return this.state.view.nameOf(userId) ?? userId;
  }

  /** Hands a frame to every subscriber of the room here; returns how many there were. */
  private broadcast(roomId: string, frame: string, seq?: number): number {
    const set = this.subscribers.get(roomId);
    if (!set) return 0;
    for (const subscriber of set) subscriber.send(frame, roomId, seq);
    return set.size;
  }

  private recheck(room: LiveRoom): void {
    const set = this.subscribers.get(room.id);
    if (!set || !room.room) return;
    for (const subscriber of [...set]) {
      if (this.state.rooms.canJoin(subscriber.userId, room.room)) continue;
      const reason = room.room.removed ? 'room-removed' : room.room.disabled ? 'disabled' : 'removed';
      this.unsubscribe(room.id, subscriber);
      subscriber.revoke(room.id, reason);
    }
  }

  private recheckAll(): void {
    for (const roomId of [...this.subscribers.keys()]) {
      const room = this.registry.loaded(roomId);
      if (room) this.recheck(room);
    }
  }
}
