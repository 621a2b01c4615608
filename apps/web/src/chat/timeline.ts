import type { HistoryMessage, WireEvent } from '@parley/contracts';

/** A message as the room view shows it, from a live event or a history page. */
export interface ChatMessage {
  seq: number;
  authorId: string;
  /** Known when it came from history; otherwise looked up by id when shown. */
  authorName: string | undefined;
  postedAt: string;
  /** Null when redacted. */
  text: string | null;
  story: { title: string; body: string } | null;
  alert: boolean;
  file: { id: string; name: string; size: number } | null;
  edited: boolean;
  redacted: boolean;
  /** The client id it was posted with (live events only): matches a post still waiting here. */
  clientMsgId: string | undefined;
}

/** A post made here that the server has not stored yet (sent, or queued while offline). */
export interface PendingPost {
  clientMsgId: string;
  text: string;
  alert: boolean;
  /** Why it failed for good, if it did. */
  error?: string;
}

/** What a room's messages are: oldest first, each seq once. */
export interface Timeline {
  messages: ChatMessage[];
  pending: PendingPost[];
}

interface EventData {
  clientMsgId?: string;
  text?: string;
  alert?: boolean;
  story?: { title: string; body: string } | null;
  messageSeq?: number;
  messageSeqs?: number[];
  replacement?: string;
  upToSeq?: number;
  fileId?: string;
  name?: string;
  size?: number;
  caption?: string | null;
}

export const emptyTimeline: Timeline = { messages: [], pending: [] };

export function fromHistory(m: HistoryMessage): ChatMessage {
  return {
    seq: m.seq,
    authorId: m.author.id,
    authorName: m.author.name,
    postedAt: m.postedAt,
    text: m.text,
    story: m.story,
    alert: m.alert,
    file: m.file ? { id: m.file.id, name: m.file.name, size: m.file.size } : null,
    edited: m.editCount > 0,
    redacted: m.redacted,
    clientMsgId: undefined,
  };
}

/** Adds messages (history pages, or what live events made), keeping each seq once, oldest first; messages already here win. */
export function addMessages(timeline: Timeline, incoming: readonly ChatMessage[]): Timeline {
  if (incoming.length === 0) return timeline;
  const bySeq = new Map(timeline.messages.map((m) => [m.seq, m]));
  for (const m of incoming) if (!bySeq.has(m.seq)) bySeq.set(m.seq, m);
  const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  const posted = new Set(incoming.map((m) => m.clientMsgId).filter(Boolean));
  const pending = posted.size ? timeline.pending.filter((p) => !posted.has(p.clientMsgId)) : timeline.pending;
  return { messages, pending };
}

function change(timeline: Timeline, seqs: readonly number[], apply: (m: ChatMessage) => ChatMessage): Timeline {
  const wanted = new Set(seqs);
  return { ...timeline, messages: timeline.messages.map((m) => (wanted.has(m.seq) ? apply(m) : m)) };
}

/** Applies one live room event: a new message, or a change to earlier ones. Other events change no message. */
export function applyEvent(timeline: Timeline, event: WireEvent): Timeline {
  const data = (event.data ?? {}) as EventData;
  const base = { seq: event.seq, authorId: event.actor.id, authorName: event.actor.name, postedAt: event.occurredAt, edited: false, redacted: false, clientMsgId: data.clientMsgId };
  switch (event.type) {
    case 'MessagePosted':
      return addMessages(timeline, [{ ...base, text: data.text ?? null, story: data.story ?? null, alert: data.alert === true, file: null }]);
    case 'FilePosted':
      return addMessages(timeline, [
        { ...base, text: data.caption ?? null, story: null, alert: false, file: { id: data.fileId ?? '', name: data.name ?? 'file', size: data.size ?? 0 } },
      ]);
    case 'MessageEdited':
      return change(timeline, [data.messageSeq ?? -1], (m) => ({ ...m, text: data.text ?? m.text, edited: true }));
    case 'MessageRedacted':
      return change(timeline, [data.messageSeq ?? -1], (m) => ({ ...m, text: null, story: null, redacted: true }));
    case 'MessagesRemoved':
      return change(timeline, data.messageSeqs ?? [], (m) => ({ ...m, text: data.replacement ?? '', story: null }));
    case 'HistoryCleared':
      return { ...timeline, messages: timeline.messages.filter((m) => m.seq > (data.upToSeq ?? 0)) };
    default:
      return timeline;
  }
}

/** Whether a live event is a message people would want counted as unread. */
export function isNewMessage(event: WireEvent): boolean {
  return event.type === 'MessagePosted' || event.type === 'FilePosted';
}

export function addPending(timeline: Timeline, post: PendingPost): Timeline {
  return { ...timeline, pending: [...timeline.pending, post] };
}

/** The post was stored (acknowledged) or given up: it leaves the waiting list, or is marked failed. */
export function settlePending(timeline: Timeline, clientMsgId: string, error?: string): Timeline {
  const pending = error
    ? timeline.pending.map((p) => (p.clientMsgId === clientMsgId ? { ...p, error } : p))
    : timeline.pending.filter((p) => p.clientMsgId !== clientMsgId);
  return { ...timeline, pending };
}

/** The oldest seq shown, to page back from. */
export function oldestSeq(timeline: Timeline): number | undefined {
  return timeline.messages[0]?.seq;
}
