import type { FeedFilter } from '@parley/contracts';

/** A filter as the index holds it: whose it is, and its terms split into words. */
export interface IndexedFilter extends FeedFilter {
  userId: string;
}

/**
 * One term of a filter, filed under one of its words. What the match loop checks for most
 * candidates is copied in (whose filter, whether it is limited to authors or rooms), so that it
 * reads this one small object and not the filter behind it: with hundreds of thousands of filters
 * the loop is bound by memory reads, not by the comparisons.
 */
interface TermEntry {
  filter: IndexedFilter;
  words: string[];
  userId: string;
  anyAuthor: boolean;
  anyRoom: boolean;
}

const WORD = /[\p{L}\p{N}_]+/gu;

/** A text's words, lower-cased, in order: what terms are matched against. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Does `phrase` occur in `words` as consecutive whole words? */
function containsPhrase(words: readonly string[], positions: readonly number[], phrase: readonly string[]): boolean {
  if (phrase.length === 1) return true;
  return positions.some((start) => phrase.every((w, i) => words[start + i] === w));
}

/**
 * Every user's topic feed filters, indexed by term so that a message is matched ONCE against all
 * of them: each term is filed under one of its words, a message looks up only its own distinct
 * words, and the few candidates are checked for the whole phrase, the author and the rooms.
 * A phrase is filed under its word with the fewest terms filed so far (then the longest), so
 * that a common word ("the plan") does not gather candidates every message must check. Filters
 * without terms are filed under their authors.
 */
export class FeedIndex {
  private readonly byWord = new Map<string, TermEntry[]>();
  private readonly byAuthor = new Map<string, IndexedFilter[]>();
  private readonly byUser = new Map<string, Map<string, IndexedFilter>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The user's filters, in the order they were added. */
  filtersOf(userId: string): IndexedFilter[] {
    return [...(this.byUser.get(userId)?.values() ?? [])];
  }

  get(userId: string, filterId: string): IndexedFilter | undefined {
    return this.byUser.get(userId)?.get(filterId);
  }

  /** Lower is more selective: fewer terms filed under the word, then a longer word. */
  private selectivity(word: string): number {
    return (this.byWord.get(word)?.length ?? 0) * 1_000 - Math.min(word.length, 999);
  }

  /** Adds a filter, replacing the user's filter with the same id. */
  add(filter: IndexedFilter): void {
    this.remove(filter.userId, filter.filterId);
    let own = this.byUser.get(filter.userId);
    if (!own) this.byUser.set(filter.userId, (own = new Map()));
    own.set(filter.filterId, filter);
    this.count++;
    if (filter.terms.length === 0) {
      for (const author of new Set(filter.from)) push(this.byAuthor, author, filter);
      return;
    }
    for (const term of new Set(filter.terms.map((t) => t.toLowerCase()))) {
      const words = wordsOf(term);
      if (!words.length) continue;
      const anchor = words.reduce((a, b) => (this.selectivity(b) < this.selectivity(a) ? b : a));
      push(this.byWord, anchor, { filter, words, userId: filter.userId, anyAuthor: filter.from.length === 0, anyRoom: filter.rooms.length === 0 });
    }
  }

  remove(userId: string, filterId: string): void {
    const own = this.byUser.get(userId);
    const filter = own?.get(filterId);
    if (!own || !filter) return;
    own.delete(filterId);
    if (!own.size) this.byUser.delete(userId);
    this.count--;
    for (const [map, keys] of [
      [this.byAuthor, filter.from],
      [this.byWord, filter.terms.flatMap(wordsOf)],
    ] as const) {
      for (const k of new Set(keys)) {
        const list = (map as Map<string, (TermEntry | IndexedFilter)[]>).get(k);
        if (!list) continue;
        const kept = list.filter((e) => ('filter' in e ? e.filter : e) !== filter);
        if (kept.length) (map as Map<string, (TermEntry | IndexedFilter)[]>).set(k, kept);
        else map.delete(k);
      }
    }
  }

  /** The filters a message matches, by user (each filter once). Access is the caller's to check. */
  match(text: string, authorId: string, roomId: string): Map<string, IndexedFilter[]> {
    const byUser = new Map<string, IndexedFilter[]>();
    // A user has few filters: a filter matched by two of its terms is found in the user's short list.
    const take = (userId: string, filter: IndexedFilter) => {
      const list = byUser.get(userId);
      if (!list) byUser.set(userId, [filter]);
      else if (!list.includes(filter)) list.push(filter);
    };
    // Filed under each of their authors: `from` holds this one.
    for (const f of this.byAuthor.get(authorId) ?? []) if (f.userId !== authorId && (f.rooms.length === 0 || f.rooms.includes(roomId))) take(f.userId, f);
    if (this.byWord.size === 0) return byUser;
    const words = wordsOf(text);
    let positions: Map<string, number[]> | undefined;
    for (const word of new Set(words)) {
      const entries = this.byWord.get(word);
      if (!entries) continue;
      for (const entry of entries) {
        if (entry.userId === authorId) continue;
        if (!entry.anyAuthor && !entry.filter.from.includes(authorId)) continue;
        if (!entry.anyRoom && !entry.filter.rooms.includes(roomId)) continue;
        if (entry.words.length > 1) {
          positions ??= positionsOf(words);
          const first = positions.get(entry.words[0]!);
          if (!first || !containsPhrase(words, first, entry.words)) continue;
        }
        take(entry.userId, entry.filter);
      }
    }
    return byUser;
  }
}

/** Where each word occurs in a text's words. */
function positionsOf(words: readonly string[]): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  words.forEach((w, i) => push(positions, w, i));
  return positions;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
