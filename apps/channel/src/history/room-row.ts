import type { Principal } from '@parley/contracts';
import type { Room } from '@parley/domain';

/** A row of history_rooms as the drivers return it (booleans as 0/1 in SQLite, bigint as a string in PostgreSQL). */
export interface RoomRow {
  room_id: string;
  category_id: string;
  name: string;
  privacy: string;
  room_type: string;
  members: string;
  managers: string;
  presenters: string;
  disabled: unknown;
  removed: unknown;
  changed_seq: unknown;
}

export const ROOM_COLUMNS = ['room_id', 'category_id', 'name', 'privacy', 'room_type', 'members', 'managers', 'presenters', 'disabled', 'removed', 'changed_seq'] as const;

/** A boolean column as any of the three drivers returns it. */
export const bool = (value: unknown): boolean => value === true || value === 1 || value === '1';

/**
 * The room as the domain's access rules see it. History keeps what reading needs, not the
 * description, invitation setting, add-in or disclaimer: those are blank here.
 */
export function roomFromRow(row: RoomRow): Room {
  return {
    id: row.room_id,
    categoryId: row.category_id,
    name: row.name,
    description: '',
    privacy: row.privacy as Room['privacy'],
    roomType: row.room_type as Room['roomType'],
    invitations: 'inherit',
    addinId: null,
    disclaimer: '',
    members: JSON.parse(row.members) as Principal[],
    managers: JSON.parse(row.managers) as Principal[],
    presenters: JSON.parse(row.presenters) as Principal[],
    disabled: bool(row.disabled),
    removed: bool(row.removed),
    seq: 0,
  };
}

/** The values of a row for `room`, in ROOM_COLUMNS order. */
export function roomValues(room: Room, changedSeq: number): unknown[] {
  const json = (list: readonly Principal[]) => JSON.stringify(list);
  return [room.id, room.categoryId, room.name, room.privacy, room.roomType, json(room.members), json(room.managers), json(room.presenters), room.disabled ? 1 : 0, room.removed ? 1 : 0, changedSeq];
}
