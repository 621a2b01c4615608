import { toStreamSeq } from '@parley/projections';
import type { DataSource } from 'typeorm';
import type { SearchTerms } from '../search/search-terms.js';
import { bind, type HistorySql } from '../sql/history-sql.js';
import { MESSAGE_COLUMNS, type MessageRecord } from './message-record.js';
import { firstPostedAtOrAfter, instant } from './posted-at.js';
import type { RoomFilter } from './readable-rooms.js';

export interface SearchRequest {
  /** Absent: no words, a listing by the other filters. */
  terms?: SearchTerms | undefined;
  authorId?: string | undefined;
  rooms: RoomFilter;
  /** ISO 8601 UTC, inclusive. */
  from?: string | undefined;
  /** ISO 8601 UTC, exclusive. */
  to?: string | undefined;
  /** Only hits before this stream sequence: the previous page's last. */
  before?: number | undefined;
  /** The stream position the room filter was decided at: no hit may be newer. */
  position: number;
  limit: number;
}

/** How PostgreSQL's search walks the log (see SearchQueries); tests shrink them to reach every path. */
export interface SearchWindows {
  /** Log positions scanned first, newest first. */
  latest: number;
  /** Matches the full-text index may return for the rest of the range to be taken as the candidates. */
  indexed: number;
  /** Readers of at most this many rooms have each room walked on its own. */
  rooms: number;
}

export const SEARCH_WINDOWS: SearchWindows = { latest: 8_192, indexed: 2_000, rooms: 16 };

/**
 * Searches messages that are neither redacted nor removed, newest first by their position in the
 * log (stream_seq), paged by keyset on it. The room filter, author and dates narrow the hits in
 * the same statement, dates also as bounds on log positions (times grow with them: see
 * posted-at.ts), so that scans stop at them.
 *
 * With words, how the newest hits are found depends on the full-text index (`newest` of the
 * dialect). SQLite's FTS5 rows are keyed by stream_seq and come out in that order: one statement
 * that stops at the limit. PostgreSQL's GIN index finds every match at once, in no useful order:
 * for a common word that is hundreds of thousands of rows to fetch and sort for the newest 20
 * (seconds), while reading the latest positions of the log and testing each row finds them in a
 * few hundred. So on PostgreSQL: (1) scan the latest `latest` positions; if they fill the page,
 * done; (2) otherwise ask the index for the rest of the range, at most `indexed` matches: if the
 * words are that rare, those are all the candidates, looked up, matched and filtered in one statement;
 * (3) otherwise (common words, rare among the latest messages or the reader's rooms), for a reader
 * of a few rooms, walk each room backwards by its own key and merge; (4) or leave the rest to one
 * statement whose plan PostgreSQL chooses from its statistics, as SQLite's. Steps 1 and 3 are
 * fenced (OFFSET 0) so that they walk a primary key backwards and stop at the limit, whatever
 * the statistics say (they lag behind a table that has just grown); step 2 compares
 * `stream_seq + 0`, which no b-tree answers, so that the GIN index does.
 */
export class SearchQueries {
  constructor(
    private readonly db: DataSource,
    private readonly sql: HistorySql,
    private readonly windows: SearchWindows = SEARCH_WINDOWS,
  ) {}

  /** The same queries, walking the log with other windows. */
  withWindows(windows: SearchWindows): SearchQueries {
    return new SearchQueries(this.db, this.sql, windows);
  }

  async find(request: SearchRequest): Promise<MessageRecord[]> {
    // Dates also bound the log positions scanned, so that the scan stops at them.
    let [lowest, highest] = [1, request.position];
    if (request.from !== undefined) {
      const first = await this.firstAt(request.from, request.position);
      if (first === undefined) return [];
      lowest = first;
    }
    if (request.to !== undefined) highest = ((await this.firstAt(request.to, request.position)) ?? request.position + 1) - 1;
    if (request.before !== undefined) highest = Math.min(highest, request.before - 1);
    if (lowest > highest) return [];
    if (request.terms && this.sql.search.newest === 'windows') return this.walk(request, request.terms, lowest, highest);
    return this.inOrder(request, lowest, highest);
  }

  /** One statement, in key order, stopping at the limit. */
  private inOrder(request: SearchRequest, lowest: number, highest: number): Promise<MessageRecord[]> {
    const { sql } = this;
    const params: unknown[] = [];
    const param = (value: unknown) => (params.push(value), '?');
    const conditions: string[] = [];
    let from = 'history_messages m';
    let key = 'm.stream_seq';
    if (request.terms) {
      // The search table's own key orders and bounds the scan, so the index can stop early.
      key = `s.${sql.search.key}`;
      from = `history_search s JOIN history_messages m ON m.stream_seq = ${key}`;
      conditions.push(sql.search.match('s', request.terms, param));
    } else {
      conditions.push(`m.redacted = ${sql.false}`, `m.removed = ${sql.false}`);
    }
    conditions.push(`${key} >= ${param(lowest)}`, `${key} <= ${param(highest)}`, ...this.filters(request, params));
    return this.query(`SELECT ${MESSAGE_COLUMNS} FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY ${key} DESC ${sql.limit(request.limit)}`, params);
  }

  /** PostgreSQL's walk: the latest positions, the index for rare words, the planner for the rest (see the class). */
  private async walk(request: SearchRequest, terms: SearchTerms, lowest: number, highest: number): Promise<MessageRecord[]> {
    const { latest, indexed } = this.windows;
    const found = await this.window(request, terms, Math.max(lowest, highest - latest + 1), highest, request.limit);
    const top = highest - latest;
    if (found.length >= request.limit || top < lowest) return found;
    const limit = request.limit - found.length;
    const candidates = await this.candidates(terms, lowest, top);
    if (candidates.length <= indexed) return candidates.length ? [...found, ...(await this.among(request, terms, candidates, limit))] : found;
    const { rooms } = request;
    if (rooms.kind === 'only' && rooms.ids.length <= this.windows.rooms) return [...found, ...(await this.inRooms(request, terms, rooms.ids, lowest, top, limit))];
    return [...found, ...(await this.inOrder({ ...request, limit }, lowest, top))];
  }

  /** The newest hits of each room, each walked backwards by its own key, merged. */
  private async inRooms(request: SearchRequest, terms: SearchTerms, roomIds: readonly string[], lowest: number, top: number, limit: number): Promise<MessageRecord[]> {
    const { sql } = this;
    const { rooms: _rooms, ...others } = request;
    const perRoom = await Promise.all(
      roomIds.map((roomId) => {
        const params: unknown[] = [roomId, lowest, top];
        const fenced = `(SELECT * FROM history_messages WHERE room_id = ? AND stream_seq >= ? AND stream_seq <= ? ORDER BY seq DESC OFFSET 0) m`;
        const conditions = [sql.search.match('s', terms, (value) => (params.push(value), '?')), ...this.filters({ ...others, rooms: { kind: 'all' } }, params)];
        return this.query(`SELECT ${MESSAGE_COLUMNS} FROM ${fenced} JOIN history_search s ON s.stream_seq = m.stream_seq WHERE ${conditions.join(' AND ')} ORDER BY m.seq DESC ${sql.limit(limit)}`, params);
      }),
    );
    return perRoom
      .flat()
      .sort((a, b) => toStreamSeq(b.stream_seq) - toStreamSeq(a.stream_seq))
      .slice(0, limit);
  }

  /** The newest hits at positions bottom..top, reading the search table's key backwards. */
  private window(request: SearchRequest, terms: SearchTerms, bottom: number, top: number, limit: number): Promise<MessageRecord[]> {
    const { sql } = this;
    const params: unknown[] = [bottom, top];
    const fenced = `(SELECT stream_seq, body FROM history_search WHERE stream_seq >= ? AND stream_seq <= ? ORDER BY stream_seq DESC OFFSET 0) s`;
    const match = sql.search.match('s', terms, (value) => (params.push(value), '?'));
    return this.query(
      `SELECT ${MESSAGE_COLUMNS} FROM ${fenced} JOIN history_messages m ON m.stream_seq = s.stream_seq WHERE ${[match, ...this.filters(request, params)].join(' AND ')} ORDER BY s.stream_seq DESC ${sql.limit(limit)}`,
      params,
    );
  }

  /**
   * The positions in lowest..top holding every word, phrases' words included, from the index
   * alone: at most `indexed` + 1. (Whether a phrase's words stand together only the row can tell:
   * asking the index for phrases would read every row with the words.)
   */
  private async candidates(terms: SearchTerms, lowest: number, top: number): Promise<number[]> {
    const { sql } = this;
    const params: unknown[] = [];
    const match = sql.search.match('s', { words: [...terms.words, ...terms.phrases], phrases: [] }, (value) => (params.push(value), '?'));
    params.push(lowest, top);
    const rows = await this.query<{ stream_seq: unknown }>(
      `SELECT s.stream_seq FROM history_search s WHERE ${match} AND s.stream_seq + 0 >= ? AND s.stream_seq + 0 <= ? ${sql.limit(this.windows.indexed + 1)}`,
      params,
    );
    return rows.map((row) => toStreamSeq(row.stream_seq));
  }

  /** The newest hits among candidate positions, each looked up by its key. */
  private among(request: SearchRequest, terms: SearchTerms, positions: readonly number[], limit: number): Promise<MessageRecord[]> {
    const params: unknown[] = [positions];
    const conditions = ['s.stream_seq = ANY(?::bigint[])', this.sql.search.match('s', terms, (value) => (params.push(value), '?')), ...this.filters(request, params)];
    return this.query(
      `SELECT ${MESSAGE_COLUMNS} FROM history_search s JOIN history_messages m ON m.stream_seq = s.stream_seq WHERE ${conditions.join(' AND ')} ORDER BY s.stream_seq DESC ${this.sql.limit(limit)}`,
      params,
    );
  }

  /** The reader's rooms, the author and the dates, as conditions on history_messages `m`; parameters go on after `params`. */
  private filters(request: SearchRequest, params: unknown[]): string[] {
    const { sql } = this;
    const param = (value: unknown) => (params.push(value), '?');
    const conditions: string[] = [];
    if (request.rooms.kind !== 'all') {
      const within = sql.inList('m.room_id', param(sql.list(request.rooms.ids)), 'id');
      conditions.push(request.rooms.kind === 'only' ? within : `NOT (${within})`);
    }
    if (request.authorId !== undefined) conditions.push(`m.author_id = ${param(request.authorId)}`);
    if (request.from !== undefined) conditions.push(`m.posted_at >= ${sql.timestamp(param(request.from))}`);
    if (request.to !== undefined) conditions.push(`m.posted_at < ${sql.timestamp(param(request.to))}`);
    return conditions;
  }

  private query<T = MessageRecord>(statement: string, params: unknown[]): Promise<T[]> {
    return this.db.query<T[]>(bind(this.sql, statement), params);
  }

  private firstAt(at: string, position: number): Promise<number | undefined> {
    return firstPostedAtOrAfter(at, 1, position, async (from, to) => {
      const rows = await this.db.query<{ stream_seq: unknown; posted_at: unknown }[]>(
        bind(this.sql, `SELECT m.stream_seq, m.posted_at FROM history_messages m WHERE m.stream_seq >= ? AND m.stream_seq <= ? ORDER BY m.stream_seq ${this.sql.limit(1)}`),
        [from, to],
      );
      return rows[0] && { key: toStreamSeq(rows[0].stream_seq), postedAt: instant(rows[0].posted_at) };
    });
  }
}
