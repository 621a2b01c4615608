import type { IndexedFilter } from './feed-index.js';

/** How many past feed matches are kept per user (the newest). */
export const FEED_KEPT = 1_000;
const SNIPPET_MAX = 500;

/** A message that matched some of a user's topic feed filters. */
export interface FeedMatch {
  roomId: string;
  seq: number;
  authorId: string;
  /** The message's text (the start of it, for long ones). */
  text: string;
  filterIds: string[];
  /** One of the filters is in alert mode. */
  alert: boolean;
  occurredAt: string;
  /** The message's place in the log: feed pages are cut on it. */
  position: number;
}

/** Every user's newest feed matches, and who holds each message, so a redaction drops it everywhere. */
export class FeedMatches {
  private readonly byUser = new Map<string, FeedMatch[]>();
  /** Who holds a match of each message (`room\0seq`). */
  private readonly holders = new Map<string, Set<string>>();

  add(userId: string, m: { roomId: string; seq: number; authorId: string; text: string; filters: readonly IndexedFilter[]; occurredAt: string; position: number }): FeedMatch {
    const match: FeedMatch = {
      roomId: m.roomId,
      seq: m.seq,
      authorId: m.authorId,
      text: m.text.length > SNIPPET_MAX ? `${m.text.slice(0, SNIPPET_MAX - 1)}…` : m.text,
      filterIds: m.filters.map((f) => f.filterId),
      alert: m.filters.some((f) => f.mode === 'alert'),
      occurredAt: m.occurredAt,
      position: m.position,
    };
    let list = this.byUser.get(userId);
    if (!list) this.byUser.set(userId, (list = []));
    list.push(match);
    // Trimmed a quarter at a time, so that keeping the newest costs O(1) per match.
    if (list.length > FEED_KEPT + FEED_KEPT / 4) for (const gone of list.splice(0, list.length - FEED_KEPT)) this.forget(userId, gone);
    const k = `${m.roomId}\u0000${m.seq}`;
    let holders = this.holders.get(k);
    if (!holders) this.holders.set(k, (holders = new Set()));
    holders.add(userId);
    return match;
  }

  /** The user's matches before `position` (all kept when undefined), newest first. */
  of(userId: string, before?: number): FeedMatch[] {
    const list = this.byUser.get(userId) ?? [];
    const out: FeedMatch[] = [];
    const oldest = Math.max(0, list.length - FEED_KEPT);
    for (let i = list.length - 1; i >= oldest; i--) if (before === undefined || list[i]!.position < before) out.push(list[i]!);
    return out;
  }

  /** A redacted message leaves every feed. */
  drop(roomId: string, seq: number): void {
    const k = `${roomId}\u0000${seq}`;
    for (const userId of this.holders.get(k) ?? []) {
      const list = this.byUser.get(userId);
      if (list) this.byUser.set(userId, list.filter((m) => m.roomId !== roomId || m.seq !== seq));
    }
    this.holders.delete(k);
  }

  private forget(userId: string, match: FeedMatch): void {
    const k = `${match.roomId}\u0000${match.seq}`;
    const holders = this.holders.get(k);
    holders?.delete(userId);
    if (holders && !holders.size) this.holders.delete(k);
  }
}
