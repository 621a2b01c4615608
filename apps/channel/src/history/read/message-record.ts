import type { HistoryMessage } from '@parley/contracts';
import { toStreamSeq } from '@parley/projections';
import { bool } from '../room-row.js';
import { instant } from './posted-at.js';

/** A row of history_messages as the drivers return it. */
export interface MessageRecord {
  stream_seq: unknown;
  room_id: string;
  seq: unknown;
  author_id: string;
  posted_at: unknown;
  text: string | null;
  story_title: string | null;
  story_body: string | null;
  alert: unknown;
  edit_count: unknown;
  edited_at: unknown;
  redacted: unknown;
  removed: unknown;
  file_id: string | null;
  file_name: string | null;
  file_size: unknown;
  file_type: string | null;
}

export const MESSAGE_COLUMNS = [
  'stream_seq',
  'room_id',
  'seq',
  'author_id',
  'posted_at',
  'text',
  'story_title',
  'story_body',
  'alert',
  'edit_count',
  'edited_at',
  'redacted',
  'removed',
  'file_id',
  'file_name',
  'file_size',
  'file_type',
]
  .map((c) => `m.${c}`)
  .join(', ');


/** A message as the API shows it; `name` gives an author's display name. */
export function messageView(row: MessageRecord, name: (userId: string) => string): HistoryMessage {
  return {
    seq: toStreamSeq(row.seq),
    author: { id: row.author_id, name: name(row.author_id) },
    postedAt: instant(row.posted_at),
    text: row.text,
    story: row.story_title !== null && row.story_body !== null ? { title: row.story_title, body: row.story_body } : null,
    file: row.file_id !== null ? { id: row.file_id, name: row.file_name ?? '', size: Number(row.file_size), contentType: row.file_type ?? '' } : null,
    alert: bool(row.alert),
    editCount: Number(row.edit_count),
    editedAt: row.edited_at === null ? null : instant(row.edited_at),
    redacted: bool(row.redacted),
    removed: bool(row.removed),
  };
}
