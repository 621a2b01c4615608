import { ForbiddenError, NotFoundError, ValidationError, type RoomEvent } from '@parley/contracts';
import type { Decided } from '../decider.js';
import type { Authorizer } from '../directory/authorizer.js';
import { canManageRoom } from './room-admin.decide.js';
import type { Room } from './room.js';

export interface MessageFilter {
  authorId: string | null;
  /** Text the message contains (case-insensitive). */
  contains: string | null;
  fromSeq: number | null;
  toSeq: number | null;
}

/** A posted message as the filter sees it: its seq, author, text (after edits) and whether it is already gone. */
export interface CandidateMessage {
  seq: number;
  authorId: string;
  text: string;
  gone: boolean;
}

export type RoomContentCommand = { type: 'RemoveMessages'; filter: MessageFilter; replacement: string } | { type: 'ClearHistory'; upToSeq: number };

/** The messages a filter selects: all its conditions hold, and the message is not gone already. */
export function selectMessages(filter: MessageFilter, messages: Iterable<CandidateMessage>): number[] {
  const needle = filter.contains?.toLowerCase() ?? null;
  const out: number[] = [];
  for (const m of messages) {
    if (m.gone) continue;
    if (filter.authorId !== null && m.authorId !== filter.authorId) continue;
    if (filter.fromSeq !== null && m.seq < filter.fromSeq) continue;
    if (filter.toSeq !== null && m.seq > filter.toSeq) continue;
    if (needle !== null && !m.text.toLowerCase().includes(needle)) continue;
    out.push(m.seq);
  }
  return out;
}

/**
 * Managers and administrators remove messages by filter (replacing their text for readers) and
 * clear history up to a point. The log and the compliance archive keep the originals.
 */
export function decideRoomContent(command: RoomContentCommand, room: Room | undefined, actorId: string, authz: Authorizer, messages: () => Iterable<CandidateMessage>): Decided<RoomEvent>[] {
  if (!room || room.removed) throw new NotFoundError('no such room');
  if (!canManageRoom(room, actorId, authz)) throw new ForbiddenError(`only the managers of room "${room.name}" and administrators may do that`);
  if (command.type === 'ClearHistory') {
    if (command.upToSeq > room.seq) throw new ValidationError('invalid history clear', [{ path: 'upToSeq', message: `is after the room's last event (${room.seq})` }]);
    return [{ type: 'HistoryCleared', data: { upToSeq: command.upToSeq } }];
  }
  const f = command.filter;
  if (f.authorId === null && f.contains === null && f.fromSeq === null && f.toSeq === null) {
    throw new ValidationError('invalid removal', [{ path: 'filter', message: 'name at least one condition (author, text, or a range of seqs)' }]);
  }
  const seqs = selectMessages(f, messages());
  if (seqs.length === 0) return [];
  // One event per 10,000 messages keeps every event well under the log's size limit.
  const out: Decided<RoomEvent>[] = [];
  for (let i = 0; i < seqs.length; i += 10_000) {
    out.push({ type: 'MessagesRemoved', data: { messageSeqs: seqs.slice(i, i + 10_000), replacement: command.replacement, filter: f } });
  }
  return out;
}
