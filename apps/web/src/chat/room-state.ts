import type { PresenceEntry } from '@parley/sdk';
import type { Timeline } from './timeline.js';

/** A joined room as the client shows it. */
export interface RoomState {
  id: string;
  name: string;
  disclaimer: string;
  /** Bumped when the room's add-in changes, so that the add-in pane looks it up again. */
  addinRevision: number;
  participants: number;
  timeline: Timeline;
  /** The newest seq heard in the room (any event): reading up to it reads everything shown. */
  lastSeq: number;
  /** New messages while the room was not looked at, counted here (the server counts followed rooms). */
  unread: number;
  /** False once history has nothing older than what is shown. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Why the last page of history could not be loaded: nothing more is asked for by itself until the person asks. */
  olderError?: string;
  /** Why the room cannot be followed any more (removed from it, room disabled). */
  closed?: string;
  /** Who is in the room now (as far as per-person notices tell: big rooms stop sending them). */
  present: PresenceEntry[];
  /** Who is typing, and until when (ms since the epoch) that is shown. */
  typing: { userId: string; name: string; until: number }[];
  /** The message to bring into view and mark (a search hit or feed match shown), and when it was asked. */
  focus?: { seq: number; at: number };
  /** Files being sent from here, or that failed; a sent file leaves (its FilePosted shows it). */
  uploads: Upload[];
}

export interface Upload {
  key: string;
  name: string;
  sent: number;
  total: number;
  error?: string;
}

/** How long "is typing" shows after a notice; clients send one every few seconds while typing. */
export const TYPING_SHOWN_MS = 6_000;

/** Each person once, by name. */
export function uniquePeople(people: readonly PresenceEntry[]): PresenceEntry[] {
  return [...new Map(people.map((p) => [p.userId, p])).values()].sort((a, b) => a.name.localeCompare(b.name));
}
