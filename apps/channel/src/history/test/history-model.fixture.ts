import type { CategoryTreeEvent, RoomEvent } from '@parley/contracts';
import { evolveRoom, type Room } from '@parley/domain';
import type { StoredEvent } from '@parley/eventlog';
import { runInTransaction, toStreamSeq } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { messageView, MESSAGE_COLUMNS, type MessageRecord } from '../read/message-record.js';
import { bool, ROOM_COLUMNS, type RoomRow } from '../room-row.js';

/** A message row, normalised across drivers, with where it sits in the log. */
export type MessageState = ReturnType<typeof messageView> & { room: string; streamSeq: number };

export interface HistoryTables {
  categories: { id: string; chatHistory: boolean }[];
  rooms: { id: string; categoryId: string; name: string; privacy: string; members: unknown; disabled: boolean; removed: boolean; changedSeq: number }[];
  messages: MessageState[];
  /** The stream_seqs the search index holds. */
  searchable: number[];
}

const byKey = <T>(key: (t: T) => string | number) => (a: T, b: T) => {
  const [x, y] = [key(a), key(b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Every table of the history projection, normalised and sorted (in JavaScript: collations differ). */
export async function readHistoryTables(db: DataSource, dialect: 'sqlite' | 'postgres'): Promise<HistoryTables> {
  return runInTransaction(db, async (tx) => {
    const categories = await tx.query<{ category_id: string; chat_history: unknown }[]>('SELECT category_id, chat_history FROM history_categories');
    const rooms = await tx.query<RoomRow[]>(`SELECT ${ROOM_COLUMNS.join(', ')} FROM history_rooms`);
    const messages = await tx.query<MessageRecord[]>(`SELECT ${MESSAGE_COLUMNS} FROM history_messages m`);
    const search = await tx.query<{ key: unknown }[]>(`SELECT ${dialect === 'sqlite' ? 'rowid' : 'stream_seq'} AS key FROM history_search`);
    return {
      categories: categories.map((c) => ({ id: c.category_id, chatHistory: bool(c.chat_history) })).sort(byKey((c) => c.id)),
      rooms: rooms
        .map((r) => ({ id: r.room_id, categoryId: r.category_id, name: r.name, privacy: r.privacy, members: JSON.parse(r.members), disabled: bool(r.disabled), removed: bool(r.removed), changedSeq: toStreamSeq(r.changed_seq) }))
        .sort(byKey((r) => r.id)),
      messages: messages.map((m) => ({ ...messageView(m, (id) => id), room: m.room_id, streamSeq: toStreamSeq(m.stream_seq) })).sort(byKey((m) => m.streamSeq)),
      searchable: search.map((s) => toStreamSeq(s.key)).sort((a, b) => a - b),
    };
  });
}

/**
 * What the projection should hold after `events` (the whole log, in stream order), folded in
 * plain JavaScript from the rules in docs/history.md, independently of the SQL.
 */
export function expectedHistory(events: readonly StoredEvent[]): HistoryTables {
  const categories = new Map<string, boolean>();
  const rooms = new Map<string, { room: Room; changedSeq: number }>();
  const messages = new Map<string, MessageState>();
  const key = (room: string, seq: number) => `${room}/${seq}`;
  for (const { event, streamSeq, subject } of events) {
    const kind = subject.split('.').at(-2);
    if (kind === 'category') {
      const e = event as CategoryTreeEvent;
      if (e.type === 'CategoryCreated') categories.set(e.data.categoryId, e.data.settings.chatHistory);
      if (e.type === 'CategorySettingsChanged' && e.data.changes.chatHistory !== undefined) categories.set(e.data.categoryId, e.data.changes.chatHistory);
      if (e.type === 'CategoryRemoved') categories.delete(e.data.categoryId);
      continue;
    }
    if (kind !== 'room') continue;
    const e = event as RoomEvent;
    const room = e.aggregateId;
    const at = (seq: number) => messages.get(key(room, seq));
    const logged = () => {
      const known = rooms.get(room)?.room;
      return !!known && !known.removed && (categories.get(known.categoryId) ?? true);
    };
    const posted = { seq: e.seq, author: { id: e.actor.id, name: e.actor.id }, postedAt: e.occurredAt, editCount: 0, editedAt: null, redacted: false, removed: false, room, streamSeq };
    switch (e.type) {
      case 'MessagePosted':
        if (logged()) messages.set(key(room, e.seq), { ...posted, text: e.data.text, story: e.data.story, file: null, alert: e.data.alert });
        break;
      case 'FilePosted': {
        const { fileId: id, name, size, contentType, caption } = e.data;
        if (logged()) messages.set(key(room, e.seq), { ...posted, text: caption ?? '', story: null, file: { id, name, size, contentType }, alert: false });
        break;
      }
      case 'MessageEdited': {
        const m = at(e.data.messageSeq);
        if (m && !m.redacted && !m.removed) Object.assign(m, { text: e.data.text, editCount: m.editCount + 1, editedAt: e.occurredAt });
        break;
      }
      case 'MessageRedacted': {
        const m = at(e.data.messageSeq);
        if (m) Object.assign(m, { text: null, story: null, file: null, redacted: true });
        break;
      }
      case 'MessagesRemoved':
        for (const seq of e.data.messageSeqs) {
          const m = at(seq);
          if (m) Object.assign(m, { text: e.data.replacement, story: null, file: null, removed: true });
        }
        break;
      case 'HistoryCleared':
        for (const [k, m] of messages) if (m.room === room && m.seq <= e.data.upToSeq) messages.delete(k);
        break;
      default: {
        const next = evolveRoom(rooms.get(room)?.room, e);
        if (next) rooms.set(room, { room: next, changedSeq: streamSeq });
      }
    }
  }
  const all = [...messages.values()].sort(byKey((m) => m.streamSeq));
  return {
    categories: [...categories].map(([id, chatHistory]) => ({ id, chatHistory })).sort(byKey((c) => c.id)),
    rooms: [...rooms.values()]
      .map(({ room, changedSeq }) => ({ id: room.id, categoryId: room.categoryId, name: room.name, privacy: room.privacy, members: room.members, disabled: room.disabled, removed: room.removed, changedSeq }))
      .sort(byKey((r) => r.id)),
    messages: all,
    searchable: all.filter((m) => !m.redacted && !m.removed).map((m) => m.streamSeq),
  };
}
