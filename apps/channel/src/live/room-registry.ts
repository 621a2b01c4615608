import type { StoredEvent, EventLog } from '@parley/eventlog';
import { LiveRoom } from './live-room.js';
import type { NameOf } from './wire.js';

/**
 * The rooms this channel server has in memory. A room is loaded from the log on first use; live
 * events that arrive while it loads are held and applied after, so none is lost between the read
 * and the live stream. Every event, this server's own appends and those that come through the log,
 * goes through `ingest`, which applies it once.
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, LiveRoom>();
  private readonly loading = new Map<string, { promise: Promise<LiveRoom>; held: StoredEvent[] }>();

  constructor(
    private readonly log: EventLog,
    private readonly backchatSize: () => number,
    /** Whether rooms of a category keep history now (its `chatHistory` setting). */
    private readonly logged: (categoryId: string) => boolean,
    /** The names events' actors are given for sessions. */
    private readonly nameOf: NameOf,
  ) {}

  loaded(roomId: string): LiveRoom | undefined {
    return this.rooms.get(roomId);
  }

  /** Rooms held in memory. */
  get size(): number {
    return this.rooms.size;
  }

  get all(): Iterable<LiveRoom> {
    return this.rooms.values();
  }

  async get(roomId: string): Promise<LiveRoom> {
    const room = this.rooms.get(roomId);
    if (room) return room;
    let pending = this.loading.get(roomId);
    if (!pending) {
      const held: StoredEvent[] = [];
      pending = { held, promise: this.load(roomId, held).finally(() => this.loading.delete(roomId)) };
      this.loading.set(roomId, pending);
    }
    return pending.promise;
  }

  /** Applies an event of a loaded room (true if it was new), or holds it for a room being loaded. */
  ingest(roomId: string, stored: StoredEvent): LiveRoom | undefined {
    const room = this.rooms.get(roomId);
    if (room) return room.apply(stored) ? room : undefined;
    this.loading.get(roomId)?.held.push(stored);
    return undefined;
  }

  /** Reads what the log holds for a room beyond its version (after losing a write race). */
  async refresh(room: LiveRoom): Promise<StoredEvent[]> {
    const { events } = await this.log.readAfter({ kind: 'room', id: room.id }, room.version);
    return events;
  }

  private async load(roomId: string, held: StoredEvent[]): Promise<LiveRoom> {
    const room = new LiveRoom(roomId, this.backchatSize, this.logged, this.nameOf);
    const { events, version } = await this.log.read({ kind: 'room', id: roomId });
    for (const stored of events) room.apply(stored);
    // Events of types this server does not know still count for the version.
    if (version.seq > room.version.seq) room.version = version;
    for (const stored of held) room.apply(stored);
    this.rooms.set(roomId, room);
    return room;
  }
}
