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

/**
 * Searches messages that are neither redacted nor removed, newest first by their position in the
 * log (stream_seq), paged by keyset on it. With words, the dialect's full-text index finds them
 * (its rows are keyed by stream_seq, so SQLite's FTS5 hands them over in that order); the room
 * filter, author and dates narrow them down in the same statement, dates also as bounds on log
 * positions (times grow with them: see posted-at.ts).
 */
export class SearchQueries {
  constructor(
    private readonly db: DataSource,
    private readonly sql: HistorySql,
  ) {}

  async find(request: SearchRequest): Promise<MessageRecord[]> {
    const { sql } = this;
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
    conditions.push(`${key} >= ${param(lowest)}`, `${key} <= ${param(highest)}`);
    if (request.rooms.kind !== 'all') {
      const within = sql.inList('m.room_id', param(sql.list(request.rooms.ids)), 'id');
      conditions.push(request.rooms.kind === 'only' ? within : `NOT (${within})`);
    }
    if (request.authorId !== undefined) conditions.push(`m.author_id = ${param(request.authorId)}`);
    if (request.from !== undefined) conditions.push(`m.posted_at >= ${sql.timestamp(param(request.from))}`);
    if (request.to !== undefined) conditions.push(`m.posted_at < ${sql.timestamp(param(request.to))}`);
    const statement = `SELECT ${MESSAGE_COLUMNS} FROM ${from} WHERE ${conditions.join(' AND ')} ORDER BY ${key} DESC ${sql.limit(request.limit)}`;
    return this.db.query<MessageRecord[]>(bind(sql, statement), params);
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
