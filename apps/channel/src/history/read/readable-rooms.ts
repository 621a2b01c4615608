import type { DirectoryState } from '@parley/directory-state';
import type { Room } from '@parley/domain';
import type { DataSource } from 'typeorm';
import { ROOM_COLUMNS, roomFromRow, type RoomRow } from '../room-row.js';
import { bind, type HistorySql } from '../sql/history-sql.js';

/** Which rooms' messages a reader may see: the filter a search adds, whichever is the shorter list. */
export type RoomFilter = { kind: 'all' } | { kind: 'only'; ids: readonly string[] } | { kind: 'except'; ids: readonly string[] };

/** Readers whose room filters are remembered; beyond it, the oldest are forgotten. */
const REMEMBERED_READERS = 10_000;

/**
 * Every room as the history projection holds it, in memory, so that who may read what is decided
 * with the domain's rules (RoomAccess, on the live DirectoryState) rather than in SQL. Kept
 * current by reading only the rows changed since the last look (`changed_seq`), when the
 * projector has moved on. `current()` answers the stream position the copy reflects: reads
 * bounded by it see no message of a room whose changes the copy has not seen yet (a member
 * removed in the same batch as a later post, say).
 */
export class ReadableRooms {
  private readonly rooms = new Map<string, Room>();
  /** Room changes up to this stream sequence are in `rooms` (-1: nothing read yet). */
  private position = -1;
  private refreshing: Promise<void> | undefined;
  /** Bumped whenever rooms or the directory change: remembered filters older than it are stale. */
  private version = 0;
  private readonly filters = new Map<string, { version: number; filter: RoomFilter }>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: DataSource,
    private readonly sql: HistorySql,
    private readonly state: DirectoryState,
    private readonly projected: () => number,
  ) {
    this.unsubscribe = state.onChange(() => this.version++);
  }

  /** Brings the copy up to what the projector has committed; returns the position it now reflects. */
  async current(): Promise<number> {
    await this.reach(this.committed);
    return Math.max(this.position, 0);
  }

  /** The stream position the projector has committed: what `reach` brings the copy up to. */
  get committed(): number {
    return Math.max(this.projected(), 0);
  }

  /**
   * Brings the copy up to at least `at` (a position the projector has committed). Reads bounded
   * by `at` may run while it does: who may read them is decided once it has.
   */
  async reach(at: number): Promise<void> {
    while (this.position < at || this.position < 0) {
      this.refreshing ??= this.refresh(this.projected()).finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
  }

  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  canRead(userId: string, roomId: string): boolean {
    const room = this.rooms.get(roomId);
    return !!room && this.state.rooms.canRead(userId, room);
  }

  /** The rooms `userId` may read, as the shorter of "only these" and "all but these". */
  filterFor(userId: string): RoomFilter {
    const known = this.filters.get(userId);
    if (known && known.version === this.version) return known.filter;
    const readable: string[] = [];
    const unreadable: string[] = [];
    for (const room of this.rooms.values()) (this.state.rooms.canRead(userId, room) ? readable : unreadable).push(room.id);
    const filter: RoomFilter = unreadable.length === 0 ? { kind: 'all' } : readable.length <= unreadable.length ? { kind: 'only', ids: readable } : { kind: 'except', ids: unreadable };
    this.filters.delete(userId);
    if (this.filters.size >= REMEMBERED_READERS) this.filters.delete(this.filters.keys().next().value!);
    this.filters.set(userId, { version: this.version, filter });
    return filter;
  }

  stop(): void {
    this.unsubscribe();
  }

  private async refresh(target: number): Promise<void> {
    const rows = await this.db.query<RoomRow[]>(bind(this.sql, `SELECT ${ROOM_COLUMNS.join(', ')} FROM history_rooms WHERE changed_seq > ?`), [this.position]);
    for (const row of rows) this.rooms.set(row.room_id, roomFromRow(row));
    // Rows committed after `target` may be among them: the copy is then newer than `target`, never older.
    this.position = Math.max(this.position, target);
    if (rows.length) this.version++;
  }
}
