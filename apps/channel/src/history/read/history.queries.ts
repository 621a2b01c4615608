import type { HistoryQuery } from '@parley/contracts';
import { toStreamSeq } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { bind, type HistorySql } from '../sql/history-sql.js';
import { MESSAGE_COLUMNS, type MessageRecord } from './message-record.js';
import { firstPostedAtOrAfter, instant } from './posted-at.js';

export interface RoomHistory {
  /** The oldest and newest seqs the room's history holds, or null when it holds none. */
  range: { first: number; last: number } | null;
  /** Oldest first. */
  rows: MessageRecord[];
}

/** Inclusive seq bounds. */
interface Seqs {
  min: number;
  max: number;
}

const LAST = Number.MAX_SAFE_INTEGER;

/** The seqs from `min` to `max` that are also within the seqs a query's dates became. */
const bounded = (min: number, max: number, dates: { from?: number; to?: number }): Seqs => ({ min: Math.max(min, dates.from ?? 1), max: Math.min(max, dates.to ?? LAST) });

interface RangeRow {
  first_seq: unknown;
  last_seq: unknown;
}

const rangeOf = (row: RangeRow): RoomHistory['range'] =>
  row.first_seq === null || row.first_seq === undefined ? null : { first: toStreamSeq(row.first_seq), last: toStreamSeq(row.last_seq) };

/**
 * Pages of one room's history by keyset on (room_id, seq), never OFFSET: the latest messages,
 * those before or after a seq, around one, or from a date. Every read is bounded by `position`
 * (a stream sequence): the caller decided who may read what with the rooms as they stood there.
 */
export class HistoryQueries {
  constructor(
    private readonly db: DataSource,
    private readonly sql: HistorySql,
  ) {}

  async page(roomId: string, query: HistoryQuery, position: number): Promise<RoomHistory> {
    if (query.from === undefined && query.to === undefined) {
      if (query.around !== undefined) {
        const [range, rows] = await Promise.all([this.range(roomId, position), this.around(roomId, position, query.around, query.limit, {})]);
        return { range, rows };
      }
      // The latest page, or one before or after a seq: the page and the range in one statement.
      const { seqs, order } = this.window(query, {});
      return this.scanWithRange(roomId, position, seqs, order, query.limit);
    }
    const range = await this.range(roomId, position);
    if (!range) return { range, rows: [] };
    // Dates become seqs: from the first message posted at or after `from`, to the one before the
    // first posted at or after `to`.
    const from = query.from === undefined ? undefined : await this.firstAt(roomId, query.from, range);
    const to = query.to === undefined ? undefined : ((await this.firstAt(roomId, query.to, range)) ?? range.last + 1) - 1;
    if ((query.from !== undefined && from === undefined) || (to !== undefined && to < range.first)) return { range, rows: [] };
    if (query.around !== undefined) return { range, rows: await this.around(roomId, position, query.around, query.limit, { from, to }) };
    const { seqs, order } = this.window(query, { from, to });
    const rows = await this.scan(roomId, position, seqs, order, query.limit);
    return { range, rows: order === 'DESC' ? rows.reverse() : rows };
  }

  /** Which seqs a page of `query` reads, and from which end: after a seq, or from a date, read forwards; otherwise back from the newest (or `before`). */
  private window(query: HistoryQuery, dates: { from?: number; to?: number }): { seqs: Seqs; order: 'ASC' | 'DESC' } {
    const seqs = (min: number, max: number) => bounded(min, max, dates);
    if (query.after !== undefined) return { seqs: seqs(query.after + 1, LAST), order: 'ASC' };
    if (query.before !== undefined || dates.from === undefined) return { seqs: seqs(1, query.before === undefined ? LAST : query.before - 1), order: 'DESC' };
    return { seqs: seqs(1, LAST), order: 'ASC' };
  }

  /** Half a page before `around`, the rest from it on. */
  private async around(roomId: string, position: number, around: number, limit: number, dates: { from?: number; to?: number }): Promise<MessageRecord[]> {
    const older = await this.scan(roomId, position, bounded(1, around - 1, dates), 'DESC', Math.floor(limit / 2));
    const newer = await this.scan(roomId, position, bounded(around, LAST, dates), 'ASC', limit - older.length);
    return [...older.reverse(), ...newer];
  }

  private async scan(roomId: string, position: number, seqs: Seqs, order: 'ASC' | 'DESC', limit: number): Promise<MessageRecord[]> {
    if (limit <= 0 || seqs.min > seqs.max) return [];
    return this.db.query<MessageRecord[]>(
      bind(
        this.sql,
        `SELECT ${MESSAGE_COLUMNS} FROM history_messages m WHERE m.room_id = ? AND m.seq >= ? AND m.seq <= ? AND m.stream_seq <= ? ORDER BY m.seq ${order} ${this.sql.limit(limit)}`,
      ),
      [roomId, seqs.min, seqs.max, position],
    );
  }

  /**
   * A scan (oldest first) with the room's range in the same statement: each row carries it (the
   * database works it out once). A page with no rows asks for the range alone.
   */
  private async scanWithRange(roomId: string, position: number, seqs: Seqs, order: 'ASC' | 'DESC', limit: number): Promise<RoomHistory> {
    if (limit <= 0 || seqs.min > seqs.max) return { range: await this.range(roomId, position), rows: [] };
    const rows = await this.db.query<(MessageRecord & RangeRow)[]>(
      bind(
        this.sql,
        `SELECT ${MESSAGE_COLUMNS}, ${this.rangeColumns()} FROM history_messages m WHERE m.room_id = ? AND m.seq >= ? AND m.seq <= ? AND m.stream_seq <= ? ORDER BY m.seq ${order} ${this.sql.limit(limit)}`,
      ),
      [roomId, position, roomId, position, roomId, seqs.min, seqs.max, position],
    );
    if (!rows.length) return { range: await this.range(roomId, position), rows: [] };
    const range = rangeOf(rows[0]!);
    const records = rows.map(({ first_seq: _first, last_seq: _last, ...record }) => record);
    return { range, rows: order === 'DESC' ? records.reverse() : records };
  }

  /** The first and last seqs, each found by walking the (room_id, seq) index from its end; parameters: room id and position, twice. */
  private rangeColumns(): string {
    const end = (order: 'ASC' | 'DESC') => `(SELECT r.seq FROM history_messages r WHERE r.room_id = ? AND r.stream_seq <= ? ORDER BY r.seq ${order} ${this.sql.limit(1)})`;
    return `${end('ASC')} AS first_seq, ${end('DESC')} AS last_seq`;
  }

  /** The first and last seqs, in one round trip. */
  private async range(roomId: string, position: number): Promise<RoomHistory['range']> {
    const [row] = await this.db.query<RangeRow[]>(bind(this.sql, `SELECT ${this.rangeColumns()}`), [roomId, position, roomId, position]);
    return row ? rangeOf(row) : null;
  }

  private firstAt(roomId: string, at: string, range: { first: number; last: number }): Promise<number | undefined> {
    return firstPostedAtOrAfter(at, range.first, range.last, async (from, to) => {
      const rows = await this.db.query<{ seq: unknown; posted_at: unknown }[]>(
        bind(this.sql, `SELECT m.seq, m.posted_at FROM history_messages m WHERE m.room_id = ? AND m.seq >= ? AND m.seq <= ? ORDER BY m.seq ${this.sql.limit(1)}`),
        [roomId, from, to],
      );
      return rows[0] && { key: toStreamSeq(rows[0].seq), postedAt: instant(rows[0].posted_at) };
    });
  }
}
