import type { ExportRow } from './record-source.js';

/** Group Chat's message types, and Parley's for facts Group Chat did not have. */
export type MessageType = 'JOIN' | 'PART' | 'CHAT' | 'BACKCHAT' | 'FILEUPLOAD' | 'FILEDOWNLOAD' | 'EDIT' | 'REDACT' | 'REMOVE' | 'CLEAR' | 'ROOM' | 'EVENT';

/** A record as every export format shows it. */
export interface ExportMessage {
  type: MessageType;
  /** What was said or done, in words: the message, the file's name, the new text... */
  content: string;
  /** The room seqs of the messages an edit, redaction, removal or clear refers to. */
  ref: string | null;
  alert: boolean;
  /** The event's own fields, for readers who need all of it (null once purged). */
  data: Record<string, unknown> | null;
}

type Data = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' ? v : '');

const ROOM_EVENTS = new Set(['RoomCreated', 'RoomUpdated', 'RoomRolesChanged', 'RoomDisabled', 'RoomEnabled', 'RoomRemoved']);

function describe(type: string, d: Data): Omit<ExportMessage, 'data'> {
  const plain = (t: MessageType, content = '', ref: string | null = null) => ({ type: t, content, ref, alert: false });
  switch (type) {
    case 'RoomJoined':
      return plain('JOIN');
    case 'RoomParted':
      return plain('PART', text(d['reason']));
    case 'MessagePosted': {
      const story = d['story'] as { title: string; body: string } | null;
      return { type: 'CHAT', content: story ? `${story.title}\n${story.body}` : text(d['text']), ref: null, alert: d['alert'] === true };
    }
    case 'HistoryViewed':
      return plain('BACKCHAT', `${String(d['count'])} messages, #${String(d['fromSeq'])} to #${String(d['toSeq'])}`);
    case 'FilePosted':
      return plain('FILEUPLOAD', text(d['name']));
    case 'FileDownloaded':
      return plain('FILEDOWNLOAD', text(d['name']));
    case 'MessageEdited':
      return plain('EDIT', text(d['text']), String(d['messageSeq']));
    case 'MessageRedacted':
      return plain('REDACT', text(d['reason']), String(d['messageSeq']));
    case 'MessagesRemoved':
      return plain('REMOVE', text(d['replacement']), (d['messageSeqs'] as number[]).join(' '));
    case 'HistoryCleared':
      return plain('CLEAR', '', String(d['upToSeq']));
    default:
      return plain(ROOM_EVENTS.has(type) ? 'ROOM' : 'EVENT', JSON.stringify(d));
  }
}

/** How an archive record reads in an export; a purged record keeps its type and nothing of its content. */
export function exportMessage(row: ExportRow): ExportMessage {
  if (row.event === null) return { ...describe(row.type, {}), content: '', ref: null, alert: false, data: null };
  const data = ((JSON.parse(row.event) as { data?: unknown }).data ?? {}) as Data;
  return { ...describe(row.type, data), data };
}
