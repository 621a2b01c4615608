import { createHash } from 'node:crypto';
import type { AnyEnvelope, LogName } from '@parley/contracts';

/** An archive row: the event as the log holds it, what exports filter on, and its place in the chain. */
export interface ArchiveRecord {
  log: LogName;
  stream_seq: number;
  event_id: string;
  type: string;
  aggregate_kind: string;
  aggregate_id: string;
  seq: number;
  occurred_ms: number;
  actor_kind: string;
  actor_id: string;
  /** The room the record belongs to, if any. */
  room_id: string | null;
  /** The user the record is by or about (the author, who joined, who signed in...), if any. */
  user_id: string | null;
  /** What keyword searches look in: message text, stories, edits, file names; null once purged. */
  text: string | null;
  /** The event as JSON; null once purged. */
  event: string | null;
  content_hash: string;
  hash: string;
  purged_by: string | null;
}

/**
 * Conversation records, which retention may purge. Configuration records (rooms, users, groups,
 * categories, roles, moderation, holds and purges themselves) are the audit trail of who could see
 * what, and stay for as long as the log.
 */
export const PURGEABLE_TYPES: readonly string[] = [
  'MessagePosted',
  'MessageEdited',
  'MessageRedacted',
  'FilePosted',
  'RoomJoined',
  'RoomParted',
  'HistoryViewed',
  'FileDownloaded',
  'UserSignedIn',
];

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function textOf(type: string, data: Record<string, unknown>): string | null {
  switch (type) {
    case 'MessagePosted': {
      const story = data['story'] as { title: string; body: string } | null;
      return story ? `${String(data['text'])}\n${story.title}\n${story.body}` : str(data['text']);
    }
    case 'MessageEdited':
      return str(data['text']);
    case 'MessageRedacted':
      return str(data['reason']);
    case 'FilePosted':
      return [str(data['name']), str(data['caption'])].filter(Boolean).join('\n');
    case 'FileDownloaded':
      return str(data['name']);
    default:
      return null;
  }
}

/**
 * The archive row of a stored event, before it is chained. `json` is the event as JSON, exactly as
 * hashed: readers of the log hash the same text (JSON.stringify of the parsed message), so the
 * archive can be compared with the log record by record.
 */
export function toRecord(log: LogName, streamSeq: number, subject: string, event: AnyEnvelope): Omit<ArchiveRecord, 'hash'> {
  const json = JSON.stringify(event);
  const parts = subject.split('.');
  const kind = parts.at(-2) ?? '';
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const roomId = kind === 'room' ? event.aggregateId : kind === 'category' ? str(data['roomId']) : null;
  const userId = str(data['userId']) ?? (kind === 'user' ? event.aggregateId : event.actor.kind === 'user' ? event.actor.id : null);
  return {
    log,
    stream_seq: streamSeq,
    event_id: event.id,
    type: event.type,
    aggregate_kind: kind,
    aggregate_id: event.aggregateId,
    seq: event.seq,
    occurred_ms: Date.parse(event.occurredAt),
    actor_kind: event.actor.kind,
    actor_id: event.actor.id,
    room_id: roomId,
    user_id: userId,
    text: textOf(event.type, data),
    event: json,
    content_hash: sha256(json),
    purged_by: null,
  };
}

/**
 * A record's link in its log's chain: SHA-256 of the previous link and every column but the
 * content itself (covered by its hash) and the purge mark. Editing, deleting or reordering any
 * record, or changing what a purge kept, changes every link after it.
 */
export function chainHash(previous: string, r: Omit<ArchiveRecord, 'hash' | 'text' | 'event' | 'purged_by'>): string {
  return sha256(
    [
      previous,
      r.log,
      r.stream_seq,
      r.event_id,
      r.type,
      r.aggregate_kind,
      r.aggregate_id,
      r.seq,
      r.occurred_ms,
      r.actor_kind,
      r.actor_id,
      r.room_id ?? '',
      r.user_id ?? '',
      r.content_hash,
    ].join('\n'),
  );
}
