import type { CategoryTreeEvent, RoomEvent } from '@parley/contracts';
import { assertNever } from '@parley/domain';
import type { StoredEvent } from '@parley/eventlog';
import type { ProjectionDefinition } from '@parley/projections';
import { historySqlOf } from '../sql/history-sql.js';
import { HISTORY_TABLES } from './history.tables.js';
import { MessageWriter, type NewMessage } from './message-writer.js';
import { RoomRows } from './room-rows.js';

/** The kind of aggregate an event belongs to, from its subject (`[<namespace>.]chat.<kind>.<id>`). */
const kindOf = (subject: string) => subject.split('.').at(-2);

type Content = Pick<NewMessage, 'text' | 'alert' | 'story_title' | 'story_body' | 'file_id' | 'file_name' | 'file_size' | 'file_type'>;

/** A post as stored: nothing edited, redacted or removed yet. One literal: this runs for every post of a rebuild. */
function newMessage(event: RoomEvent, streamSeq: number, c: Content): NewMessage {
  return {
    stream_seq: streamSeq,
    room_id: event.aggregateId,
    seq: event.seq,
    author_id: event.actor.id,
    posted_at: event.occurredAt,
    text: c.text,
    story_title: c.story_title,
    story_body: c.story_body,
    alert: c.alert,
    edit_count: 0,
    edited_at: null,
    redacted: 0,
    removed: 0,
    file_id: c.file_id,
    file_name: c.file_name,
    file_size: c.file_size,
    file_type: c.file_type,
  };
}

const NO_FILE = { file_id: null, file_name: null, file_size: null, file_type: null } as const;

async function applyRoomEvent(event: RoomEvent, streamSeq: number, rooms: RoomRows, messages: MessageWriter): Promise<void> {
  const roomId = event.aggregateId;
  switch (event.type) {
    case 'RoomCreated':
    case 'RoomUpdated':
    case 'RoomRolesChanged':
    case 'RoomDisabled':
    case 'RoomEnabled':
    case 'RoomRemoved':
      return rooms.applyRoom(event, streamSeq);
    case 'MessagePosted': {
      // An unlogged room keeps no history: what its category's setting was at the post decides.
      if (!(await rooms.logged(roomId))) return;
      const { text, alert, story } = event.data;
      messages.post(newMessage(event, streamSeq, { text, alert: alert ? 1 : 0, story_title: story?.title ?? null, story_body: story?.body ?? null, ...NO_FILE }));
      return;
    }
    case 'FilePosted': {
      if (!(await rooms.logged(roomId))) return;
      const { fileId, name, size, contentType, caption } = event.data;
      messages.post(newMessage(event, streamSeq, { text: caption ?? '', alert: 0, story_title: null, story_body: null, file_id: fileId, file_name: name, file_size: size, file_type: contentType }));
      return;
    }
    case 'MessageEdited':
      return messages.edit(roomId, event.data.messageSeq, event.data.text, event.occurredAt);
    case 'MessageRedacted':
      return messages.redact(roomId, event.data.messageSeq);
    case 'MessagesRemoved':
      return messages.remove(roomId, event.data.messageSeqs, event.data.replacement);
    case 'HistoryCleared':
      return messages.clear(roomId, event.data.upToSeq);
    default:
      assertNever(event);
  }
}

/**
 * History and search's read model: the messages of logged rooms (as edited, redacted, removed
 * and cleared), their full-text index, and the rooms and categories deciding who may read them
 * and whether a room keeps history. One partition: posts are filed by what their room and its
 * category said when they were posted, which needs room and category events in log order.
 */
export const historyProjection: ProjectionDefinition = {
  name: 'history',
  tables: HISTORY_TABLES,
  async apply(tx, batch: readonly StoredEvent[], ctx) {
    const sql = historySqlOf(ctx.dialect);
    const rooms = new RoomRows(tx, ctx, sql);
    const messages = new MessageWriter(tx, ctx, sql);
    await rooms.preload(new Set(batch.filter((s) => s.event.type === 'MessagePosted').map((s) => s.event.aggregateId)));
    for (const { subject, event, streamSeq } of batch) {
      const kind = kindOf(subject);
      if (kind === 'room') await applyRoomEvent(event as RoomEvent, streamSeq, rooms, messages);
      else if (kind === 'category') await rooms.applyCategory(event as CategoryTreeEvent);
    }
    await messages.flush();
  },
};
