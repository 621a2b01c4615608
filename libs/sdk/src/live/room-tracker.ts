import type { WireEvent } from '@parley/contracts';

/** What to do with a room event that arrived. */
export type Arrival =
  /** The next in the room's order: hand it on. */
  | 'deliver'
  /** Already handed on (a replay after a resume or catch-up): drop it. */
  | 'duplicate'
  /** Events are missing before it: drop it and catch up from the last seq (`join` with `after`). */
  | 'gap'
  /** Dropped while a catch-up is under way: the catch-up resends it. */
  | 'held'
  /** Not a room this client is in. */
  | 'unknown';

interface Tracked {
  /** The last seq handed on. */
  last: number;
  /** A join with `after = last` is under way. */
  catchingUp: boolean;
}

/**
 * Per room, the last seq handed to the consumer, so every event is handed on once and in order:
 * replays are dropped, and a gap (events the connection missed) asks for a catch-up rather than
 * handing on an event out of order. Knows nothing of sockets.
 */
export class RoomTracker {
  private readonly rooms = new Map<string, Tracked>();

  has(room: string): boolean {
    return this.rooms.has(room);
  }

  /** The last seq handed on in `room`, or undefined when not in it. */
  last(room: string): number | undefined {
    return this.rooms.get(room)?.last;
  }

  /**
   * A join's answer. A fresh join (no `after`) starts the room at the join's seq and hands on the
   * backchat events not handed on yet; a resume (`after`) keeps the room where it was, and the
   * events after it follow the answer.
   */
  entered(room: string, joined: { seq: number; backchat: readonly WireEvent[] }, after: number | undefined): WireEvent[] {
    const known = this.rooms.get(room);
    if (after !== undefined && known) {
      known.catchingUp = false;
      return [];
    }
    const previous = known?.last ?? -1;
    const fresh = joined.backchat.filter((e) => e.seq > previous).sort((a, b) => a.seq - b.seq);
    this.rooms.set(room, { last: Math.max(previous, after ?? joined.seq), catchingUp: false });
    return fresh;
  }

  /** Decides what to do with event `seq` of `room`; a delivered one becomes the room's last. */
  arrived(room: string, seq: number): Arrival {
    const tracked = this.rooms.get(room);
    if (!tracked) return 'unknown';
    if (seq <= tracked.last) return 'duplicate';
    if (seq === tracked.last + 1) {
      tracked.last = seq;
      return 'deliver';
    }
    return tracked.catchingUp ? 'held' : 'gap';
  }

  /** Starts a catch-up of `room`: the seq to ask `after`, or undefined when one is under way already (or not in it). */
  catchUp(room: string): number | undefined {
    const tracked = this.rooms.get(room);
    if (!tracked || tracked.catchingUp) return undefined;
    tracked.catchingUp = true;
    return tracked.last;
  }

  /** The `resume` of a hello on a new connection: every room with its last seq. Any catch-up starts over there. */
  resume(): Record<string, number> {
    const resume: Record<string, number> = {};
    for (const [room, tracked] of this.rooms) {
      tracked.catchingUp = false;
      resume[room] = tracked.last;
    }
    return resume;
  }

  left(room: string): void {
    this.rooms.delete(room);
  }
}
