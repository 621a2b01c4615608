import type { ParleyClient, RoomSummary, RoomView } from '@parley/sdk';
import { fields, principal, principals, table } from '../output.js';

/** What a room's id fields mean to people: its category's path and its add-in's name. */
export interface RoomNames {
  category: string;
  addin: string;
}

/** Reads the names a room's text output shows (both lists are open to every signed-in user). */
export async function roomNames(api: ParleyClient, room: RoomView): Promise<RoomNames> {
  const [categories, addins] = await Promise.all([api.categories.list(), room.addinId ? api.addins.list() : Promise.resolve([])]);
  const category = categories.find((c) => c.id === room.categoryId);
  const addin = addins.find((a) => a.id === room.addinId);
  return { category: category ? category.path.join('/') : room.categoryId, addin: room.addinId ? (addin?.name ?? room.addinId) : '-' };
}

export function roomFields(r: RoomView, names: RoomNames): string {
  return fields([
    ['room', `${names.category}/${r.name}`],
    ['id', r.id],
    ['uri', r.uri],
    ['description', r.description || '-'],
    ['privacy', r.privacy],
    ['type', r.roomType],
    ['invitations', r.invitations],
    ['add-in', names.addin],
    ['disclaimer', r.disclaimer || '-'],
    ['status', r.disabled ? 'disabled' : 'enabled'],
    ['members', principals(r.members)],
    ['managers', principals(r.managers)],
    ['presenters', principals(r.presenters)],
  ]);
}

export function roomTable(rooms: readonly RoomSummary[]): string {
  return table(['ROOM', 'ID'], rooms.map((r) => [[...r.categoryPath, r.name].join('/'), r.id]));
}

/** Members, managers and presenters, one principal a line. */
export function rolesTable(r: Pick<RoomView, 'members' | 'managers' | 'presenters'>): string {
  const rows = (['members', 'managers', 'presenters'] as const).flatMap((role) => r[role].map((p) => [role.slice(0, -1), principal(p), p.id]));
  return table(['ROLE', 'PRINCIPAL', 'ID'], rows);
}
