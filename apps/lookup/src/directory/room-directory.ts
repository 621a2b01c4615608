import type { RoomEvent } from '@parley/contracts';
import { evolveRoom, type Room } from '@parley/domain';
import type { StoredEvent } from '@parley/eventlog';
import type { ProjectionDefinition } from '@parley/projections';
import type { DataSource, EntityManager } from 'typeorm';
import { roomsTable } from './rooms.table.js';

interface RoomRow {
  id: string;
  category_id: string;
  name: string;
  description: string;
  privacy: Room['privacy'];
  room_type: Room['roomType'];
  members: string;
  managers: string;
  presenters: string;
  disabled: unknown;
  removed: unknown;
  seq: unknown;
}

const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';
const SETTINGS_EVENTS = new Set(['RoomCreated', 'RoomUpdated', 'RoomRolesChanged', 'RoomDisabled', 'RoomEnabled', 'RoomRemoved']);

function toRow(room: Room) {
  return {
    id: room.id,
    category_id: room.categoryId,
    name: room.name,
    name_key: room.name.toLowerCase(),
    description: room.description,
    privacy: room.privacy,
    room_type: room.roomType,
    members: JSON.stringify(room.members),
    managers: JSON.stringify(room.managers),
    presenters: JSON.stringify(room.presenters),
    disabled: room.disabled,
    removed: room.removed,
    seq: room.seq,
  };
}

function fromRow(row: RoomRow): Room {
  return {
    id: row.id,
    categoryId: row.category_id,
    name: row.name,
    description: row.description,
    privacy: row.privacy,
    roomType: row.room_type,
    invitations: 'inherit',
    addinId: null,
    disclaimer: '',
    members: JSON.parse(row.members),
    managers: JSON.parse(row.managers),
    presenters: JSON.parse(row.presenters),
    disabled: bool(row.disabled),
    removed: bool(row.removed),
    seq: Number(row.seq),
  };
}

/**
 * The room directory: every room's settings and roles, projected to SQL (so a restart reads the
 * rooms, not the whole log) and held in memory for resolving and authorising. Message events are
 * skipped; only settings, roles and lifecycle events change a row.
 */
export class RoomDirectory {
  readonly rooms = new Map<string, Room>();

  async load(db: DataSource): Promise<void> {
    const rows = await db.createQueryBuilder().select('r.*').from('lookup_rooms', 'r').getRawMany<RoomRow>();
    for (const row of rows) this.rooms.set(row.id, fromRow(row));
  }

  /**
   * The projection. Applying a batch also updates the rooms in memory: if the transaction fails,
   * the batch is applied again to the same rows, so memory ends where the database does.
   */
  projection(): ProjectionDefinition {
    return {
      name: 'lookup-rooms',
      tables: [roomsTable],
      apply: async (tx: EntityManager, batch: readonly StoredEvent[], ctx) => {
        const changed = new Map<string, Room>();
        for (const { event } of batch) {
          if (!SETTINGS_EVENTS.has(event.type)) continue;
          const current = changed.get(event.aggregateId) ?? (await this.read(tx, ctx.table('lookup_rooms'), event.aggregateId));
          const next = evolveRoom(current, event as RoomEvent);
          if (next) changed.set(event.aggregateId, next);
        }
        const table = ctx.table('lookup_rooms');
        for (const room of changed.values()) {
          await tx.createQueryBuilder().delete().from(table).where('id = :id', { id: room.id }).execute();
          await tx.createQueryBuilder().insert().into(table, Object.keys(toRow(room))).values(toRow(room)).execute();
        }
        for (const room of changed.values()) this.rooms.set(room.id, room);
      },
    };
  }

  private async read(tx: EntityManager, table: string, id: string): Promise<Room | undefined> {
    const row = await tx.createQueryBuilder().select('r.*').from(table, 'r').where('r.id = :id', { id }).getRawOne<RoomRow>();
    return row ? fromRow(row) : undefined;
  }
}
