import type { CategoryTreeEvent, RoomEvent } from '@parley/contracts';
import { assertNever, evolveRoom, type Room } from '@parley/domain';
import type { ApplyContext } from '@parley/projections';
import type { EntityManager } from 'typeorm';
import { bool, ROOM_COLUMNS, roomFromRow, roomValues, type RoomRow } from '../room-row.js';
import { bind, type HistorySql } from '../sql/history-sql.js';

/** Room events that change who may read a room, or where it is; message events are the MessageWriter's. */
export type RoomLifecycleEvent = Extract<RoomEvent, { type: 'RoomCreated' | 'RoomUpdated' | 'RoomRolesChanged' | 'RoomDisabled' | 'RoomEnabled' | 'RoomRemoved' }>;

/** What a post needs to know of its room. */
interface Placement {
  categoryId: string;
  removed: boolean;
}

/**
 * The rooms and categories of one batch: what the batch's posts need read up front in one
 * statement, and kept as the batch changes it, so each post learns whether its room keeps history
 * as the log stood at that post. Room rows evolve with the domain's own `evolveRoom`, so history
 * reads rooms exactly as the live channel does.
 */
export class RoomRows {
  private readonly placements = new Map<string, Placement | null>();
  /** Whole rooms, read only for room events (rare next to posts). */
  private readonly rooms = new Map<string, Room | null>();
  private readonly categories = new Map<string, boolean | null>();
  private readonly roomsTable: string;
  private readonly categoriesTable: string;

  constructor(
    private readonly tx: EntityManager,
    ctx: ApplyContext,
    private readonly sql: HistorySql,
  ) {
    this.roomsTable = ctx.table('history_rooms');
    this.categoriesTable = ctx.table('history_categories');
  }

  /** Reads where the given rooms are, and whether their categories keep history. */
  async preload(roomIds: ReadonlySet<string>): Promise<void> {
    const wanted = [...roomIds].filter((id) => !this.placements.has(id));
    if (!wanted.length) return;
    const rows = await this.tx.query<{ room_id: string; category_id: string; removed: unknown; chat_history: unknown }[]>(
      bind(
        this.sql,
        `SELECT r.room_id, r.category_id, r.removed, c.chat_history FROM ${this.roomsTable} r LEFT JOIN ${this.categoriesTable} c ON c.category_id = r.category_id
         WHERE ${this.sql.inList('r.room_id', '?', 'id')}`,
      ),
      [this.sql.list(wanted)],
    );
    for (const id of wanted) this.placements.set(id, null);
    for (const row of rows) {
      this.placements.set(row.room_id, { categoryId: row.category_id, removed: bool(row.removed) });
      if (!this.categories.has(row.category_id)) this.categories.set(row.category_id, row.chat_history === null ? null : bool(row.chat_history));
    }
  }

  /** Whether the room keeps history now: it exists and its category's chat history is on. */
  async logged(roomId: string): Promise<boolean> {
    if (!this.placements.has(roomId)) await this.preload(new Set([roomId]));
    const placement = this.placements.get(roomId);
    if (!placement || placement.removed) return false;
    if (!this.categories.has(placement.categoryId)) await this.loadCategory(placement.categoryId);
    // A room's category outlives the room; a missing one (never expected) keeps the default, on.
    return this.categories.get(placement.categoryId) ?? true;
  }

  async applyRoom(event: RoomLifecycleEvent, streamSeq: number): Promise<void> {
    const before = event.type === 'RoomCreated' ? undefined : await this.room(event.aggregateId);
    if (before === null) return;
    const after = evolveRoom(before, event)!;
    this.rooms.set(after.id, after);
    this.placements.set(after.id, { categoryId: after.categoryId, removed: after.removed });
    const [roomId, ...rest] = roomValues(after, streamSeq);
    if (event.type === 'RoomCreated') {
      await this.write(`INSERT INTO ${this.roomsTable} (${ROOM_COLUMNS.join(', ')}) VALUES (${ROOM_COLUMNS.map(() => '?').join(', ')})`, [roomId, ...rest]);
    } else {
      await this.write(`UPDATE ${this.roomsTable} SET ${ROOM_COLUMNS.slice(1).map((column) => `${column} = ?`).join(', ')} WHERE room_id = ?`, [...rest, roomId]);
    }
  }

  async applyCategory(event: CategoryTreeEvent): Promise<void> {
    switch (event.type) {
      case 'CategoryCreated':
        this.categories.set(event.data.categoryId, event.data.settings.chatHistory);
        await this.write(`INSERT INTO ${this.categoriesTable} (category_id, chat_history) VALUES (?, ?)`, [event.data.categoryId, event.data.settings.chatHistory ? 1 : 0]);
        return;
      case 'CategorySettingsChanged': {
        const { chatHistory } = event.data.changes;
        if (chatHistory === undefined) return;
        this.categories.set(event.data.categoryId, chatHistory);
        await this.write(`UPDATE ${this.categoriesTable} SET chat_history = ? WHERE category_id = ?`, [chatHistory ? 1 : 0, event.data.categoryId]);
        return;
      }
      case 'CategoryRemoved':
        this.categories.set(event.data.categoryId, null);
        await this.write(`DELETE FROM ${this.categoriesTable} WHERE category_id = ?`, [event.data.categoryId]);
        return;
      case 'CategoryUpdated':
      case 'CategoryMoved':
      case 'CategoryScopeChanged':
      case 'RoomRegistered':
      case 'RoomRegistrationChanged':
      case 'RoomUnregistered':
        // Scopes and names: who may read is decided on the live directory state, not here.
        return;
      default:
        assertNever(event);
    }
  }

  private async room(roomId: string): Promise<Room | null> {
    if (!this.rooms.has(roomId)) {
      const rows = await this.tx.query<RoomRow[]>(bind(this.sql, `SELECT ${ROOM_COLUMNS.join(', ')} FROM ${this.roomsTable} WHERE room_id = ?`), [roomId]);
      this.rooms.set(roomId, rows[0] ? roomFromRow(rows[0]) : null);
    }
    return this.rooms.get(roomId)!;
  }

  private async loadCategory(categoryId: string): Promise<void> {
    const rows = await this.tx.query<{ chat_history: unknown }[]>(bind(this.sql, `SELECT chat_history FROM ${this.categoriesTable} WHERE category_id = ?`), [categoryId]);
    this.categories.set(categoryId, rows[0] ? bool(rows[0].chat_history) : null);
  }

  private write(statement: string, values: unknown[]): Promise<unknown> {
    return this.tx.query(bind(this.sql, statement), values);
  }
}
