import type { IndexedFilter } from './feed-index.js';

/** How many past feed matches are kept per user (the newest). */
export const FEED_KEPT = 1_000;
const SNIPPET_MAX = 500;

/** A message that matched some of a user's topic feed filters. */
export interface FeedMatch {
  readonly roomId: string;
  readonly seq: number;
  readonly authorId: string;
  /** The message's text (the start of it, for long ones). */
  readonly text: string;
  readonly filterIds: string[];
  /** One of the filters is in alert mode. */
  readonly alert: boolean;
  readonly occurredAt: string;
  /** The message's place in the log: feed pages are cut on it. */
  readonly position: number;
}

/** A posted message as the feeds hold it: one object, however many users it matched. */
export interface FeedPost {
  readonly roomId: string;
  readonly seq: number;
  readonly authorId: string;
  readonly text: string;
  readonly occurredAt: string;
  readonly position: number;
}

interface HeldPost extends FeedPost {
  /** The users holding a match of it, so that a redaction drops it everywhere. */
  holders: Set<string> | undefined;
}

/**
 * One user's match: the shared post and the user's filters it matched, nothing copied. A popular
 * message matches thousands of filters; what each match keeps is two references, which matters
 * to the garbage collector at a hundred thousand matches a second.
 */
class HeldMatch implements FeedMatch {
  constructor(
    readonly post: HeldPost,
    private readonly filters: readonly IndexedFilter[],
  ) {}

  get roomId(): string {
    return this.post.roomId;
  }
  get seq(): number {
    return this.post.seq;
  }
  get authorId(): string {
    return this.post.authorId;
  }
  get text(): string {
    return this.post.text;
  }
  get occurredAt(): string {
    return this.post.occurredAt;
  }
  get position(): number {
    return this.post.position;
  }
  get filterIds(): string[] {
    return this.filters.map((f) => f.filterId);
  }
  get alert(): boolean {
    return this.filters.some((f) => f.mode === 'alert');
  }

  toJSON(): FeedMatch {
    const { roomId, seq, authorId, text, filterIds, alert, occurredAt, position } = this;
    return { roomId, seq, authorId, text, filterIds, alert, occurredAt, position };
  }
}

/** Every user's newest feed matches, and who holds each message, so a redaction drops it everywhere. */
export class FeedMatches {
  private readonly byUser = new Map<string, HeldMatch[]>();
  /** The posts some user holds a match of, by `room\0seq`. */
  private readonly posts = new Map<string, HeldPost>();

  /** A posted message, to match for any number of users with `add`. */
  post(m: FeedPost): FeedPost {
    const text = m.text.length > SNIPPET_MAX ? `${m.text.slice(0, SNIPPET_MAX - 1)}…` : m.text;
    return { roomId: m.roomId, seq: m.seq, authorId: m.authorId, text, occurredAt: m.occurredAt, position: m.position, holders: undefined } as HeldPost;
  }

  /** Keeps a match of `post` (from `post()`) for a user. */
  add(userId: string, post: FeedPost, filters: readonly IndexedFilter[]): FeedMatch {
    const held = post as HeldPost;
    if (!held.holders) {
      held.holders = new Set();
      this.posts.set(key(held.roomId, held.seq), held);
    }
    held.holders.add(userId);
    const match = new HeldMatch(held, filters);
    let list = this.byUser.get(userId);
    if (!list) this.byUser.set(userId, (list = []));
    list.push(match);
    // Trimmed a quarter at a time, so that keeping the newest costs O(1) per match.
    if (list.length > FEED_KEPT + FEED_KEPT / 4) for (const gone of list.splice(0, list.length - FEED_KEPT)) this.forget(userId, gone.post);
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
    const post = this.posts.get(key(roomId, seq));
    if (!post) return;
    for (const userId of post.holders ?? []) {
      const list = this.byUser.get(userId);
      if (list) this.byUser.set(userId, list.filter((m) => m.post !== post));
    }
    post.holders = undefined;
    this.posts.delete(key(roomId, seq));
  }

  private forget(userId: string, post: HeldPost): void {
    post.holders?.delete(userId);
    if (post.holders && !post.holders.size) {
      post.holders = undefined;
      this.posts.delete(key(post.roomId, post.seq));
    }
  }
}

const key = (roomId: string, seq: number) => `${roomId}\u0000${seq}`;
