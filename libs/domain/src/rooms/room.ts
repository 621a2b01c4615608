import { principalKey, type Principal, type RoomEvent, type RoomRole } from '@parley/contracts';
import { assertNever } from '../decider.js';

export type RoomPrivacy = 'open' | 'closed' | 'secret';
export type RoomType = 'normal' | 'auditorium';

/** A room's settings and roles as its events left them. */
export interface Room {
  id: string;
  categoryId: string;
  name: string;
  description: string;
  privacy: RoomPrivacy;
  roomType: RoomType;
  invitations: 'inherit' | 'off';
  addinId: string | null;
  disclaimer: string;
  members: Principal[];
  managers: Principal[];
  presenters: Principal[];
  disabled: boolean;
  removed: boolean;
  /** The seq of the room's last event. */
  seq: number;
}

function changeRole(list: readonly Principal[], added: readonly Principal[], removed: readonly Principal[]): Principal[] {
  const gone = new Set(removed.map(principalKey));
  const out = list.filter((p) => !gone.has(principalKey(p)));
  const present = new Set(out.map(principalKey));
  for (const p of added) {
    if (present.has(principalKey(p))) continue;
    present.add(principalKey(p));
    out.push(p);
  }
  return out;
}

/** Applies one room event. Message and file events only move the room's seq here (they live in history and the files service). */
export function evolveRoom(room: Room | undefined, event: RoomEvent): Room | undefined {
  if (event.type === 'RoomCreated') {
    return { id: event.aggregateId, ...event.data, disabled: false, removed: false, seq: event.seq };
  }
  if (!room) return room;
  const next: Room = { ...room, seq: event.seq };
  switch (event.type) {
    case 'RoomUpdated':
      return { ...next, ...event.data.changes };
    case 'RoomRolesChanged': {
      const role: RoomRole = event.data.role;
      return { ...next, [role]: changeRole(room[role], event.data.added, event.data.removed) };
    }
    case 'RoomDisabled':
      return { ...next, disabled: true };
    case 'RoomEnabled':
      return { ...next, disabled: false };
    case 'RoomRemoved':
      return { ...next, removed: true };
    case 'MessagePosted':
    case 'MessageEdited':
    case 'MessageRedacted':
    case 'MessagesRemoved':
    case 'HistoryCleared':
    case 'FilePosted':
      return next;
    default:
      return assertNever(event);
  }
}
