import { roomUri } from '@parley/contracts';
import type { DirectoryState } from '@parley/directory-state';
import type { RoomRow } from '../archive/archive.queries.js';
import { categoryPath } from '../policy/resolve.js';
import type { ExportRow } from './record-source.js';

export interface RoomInfo {
  id: string;
  uri: string;
  name: string;
  /** Whether the room keeps history for readers (its category's setting); compliance archives it either way. */
  logged: boolean;
  /** Present with room details on. */
  details?: { category: string; description: string; privacy: string; type: string; removed: boolean };
}

export interface SenderInfo {
  id: string;
  userName: string;
  email: string;
  uri: string;
  /** Present with user details on. */
  details?: { displayName: string; source: string };
}

export interface ExportOptions {
  roomDetails: boolean;
  userDetails: boolean;
}

/**
 * Who and where, for exports: rooms from the archive (removed rooms included), users and the
 * category tree as the directory has them now.
 */
export class ExportContext {
  private readonly senders = new Map<string, SenderInfo>();

  constructor(
    private readonly state: DirectoryState,
    private readonly roomRows: ReadonlyMap<string, RoomRow>,
    readonly options: ExportOptions,
  ) {}

  room(id: string): RoomInfo {
    const row = this.roomRows.get(id);
    const registration = this.state.tree.rooms.get(id);
    const categoryId = row?.category_id || registration?.categoryId || '';
    const info: RoomInfo = { id, uri: roomUri(id), name: row?.name || registration?.name || id, logged: this.state.tree.categories.get(categoryId)?.settings.chatHistory ?? true };
    if (!this.options.roomDetails) return info;
    const category = categoryId ? categoryPath(this.state.tree, categoryId).join('/') : '';
    return { ...info, details: { category, description: row?.description ?? '', privacy: row?.privacy ?? '', type: row?.room_type ?? '', removed: row?.removed === true } };
  }

  /** The person a record is by or about (the author, who joined...), else the service or system that wrote it. */
  sender(row: ExportRow): SenderInfo {
    const id = row.user_id ?? row.actor_id;
    const key = row.user_id !== null ? `u:${id}` : `${row.actor_kind}:${id}`;
    let sender = this.senders.get(key);
    if (!sender) {
      sender = row.user_id !== null || row.actor_kind === 'user' ? this.user(id) : { id, userName: id, email: '', uri: `parley://${row.actor_kind}/${id}` };
      this.senders.set(key, sender);
    }
    return sender;
  }

  private user(id: string): SenderInfo {
    const user = this.state.view.users.get(id);
    const info: SenderInfo = { id, userName: user?.username ?? id, email: user?.email ?? '', uri: `parley://user/${id}` };
    return this.options.userDetails ? { ...info, details: { displayName: user?.displayName ?? '', source: user?.source ?? 'unknown' } } : info;
  }
}
