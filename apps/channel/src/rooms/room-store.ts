import type { RoomEvent } from '@parley/contracts';
import { evolveRoom, type Room } from '@parley/domain';
import { NO_VERSION, type EventLog, type StoredEvent, type Version } from '@parley/eventlog';

export interface LoadedRoom {
  room: Room | undefined;
  version: Version;
}

/**
 * The rooms this instance owns, loaded from the log on first use and kept current by applying
 * what this instance appends (it is the rooms' only writer; the log's expected-sequence check
 * fences a stale one). Loads of one room at a time are shared.
 */
export class RoomStore {
  private readonly rooms = new Map<string, LoadedRoom>();
  private readonly loading = new Map<string, Promise<LoadedRoom>>();

  constructor(private readonly log: EventLog) {}

  async get(roomId: string): Promise<LoadedRoom> {
    const cached = this.rooms.get(roomId);
    if (cached) return cached;
    let pending = this.loading.get(roomId);
    if (!pending) {
      pending = this.load(roomId).finally(() => this.loading.delete(roomId));
      this.loading.set(roomId, pending);
    }
    return pending;
  }

  /** Applies events this instance appended (or read) to the cached room. */
  apply(roomId: string, events: readonly StoredEvent[]): LoadedRoom {
    const current = this.rooms.get(roomId) ?? { room: undefined, version: NO_VERSION };
    let { room, version } = current;
    for (const stored of events) {
      if (stored.event.seq <= version.seq) continue;
      room = evolveRoom(room, stored.event as RoomEvent);
      version = { seq: stored.event.seq, streamSeq: stored.streamSeq };
    }
    const next = { room, version };
    this.rooms.set(roomId, next);
    return next;
  }

  /** Forgets a room, so the next use reads it from the log again (after losing a write race). */
  forget(roomId: string): void {
    this.rooms.delete(roomId);
  }

  private async load(roomId: string): Promise<LoadedRoom> {
    const { events, version } = await this.log.read({ kind: 'room', id: roomId });
    const loaded = this.apply(roomId, events);
    // Events of types this version does not know still count for the version.
    const next = { room: loaded.room, version };
    this.rooms.set(roomId, next);
    return next;
  }
}
