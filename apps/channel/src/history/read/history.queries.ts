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
    const range = await this.range(roomId, position);
    if (!range) return { range, rows: [] };
    // Dates become seqs: from the first message posted at or after `from`, to the one before the
    // first posted at or after `to`.
    const from = query.from === undefined ? undefined : await this.firstAt(roomId, query.from, range);
    const to = query.to === undefined ? undefined : ((await this.firstAt(roomId, query.to, range)) ?? range.last + 1) - 1;
    if ((query.from !== undefined && from === undefined) || (to !== undefined && to < range.first)) return { range, rows: [] };
    const { limit } = query;
    const seqs = (min: number, max: number): Seqs => ({ min: Math.max(min, from ?? 1), max: Math.min(max, to ?? LAST) });
    let rows: MessageRecord[];
    if (query.around !== undefined) {
      const older = await this.scan(roomId, position, seqs(1, query.around - 1), 'DESC', Math.floor(limit / 2));
      const newer = await this.scan(roomId, position, seqs(query.around, LAST), 'ASC', limit - older.length);
      rows = [...older.reverse(), ...newer];
    } else if (query.after !== undefined) {
      rows = await this.scan(roomId, position, seqs(query.after + 1, LAST), 'ASC', limit);
    } else if (query.before !== undefined || from === undefined) {
      rows = (await this.scan(roomId, position, seqs(1, query.before === undefined ? LAST : query.before - 1), 'DESC', limit)).reverse();
    } else {
      rows = await this.scan(roomId, position, seqs(1, LAST), 'ASC', limit);
    }
    return { range, rows };
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

  /** The first and last seqs, each found by walking the (room_id, seq) index from its end, in one round trip. */
  private async range(roomId: string, position: number): Promise<RoomHistory['range']> {
    const end = (order: 'ASC' | 'DESC') => `(SELECT m.seq FROM history_messages m WHERE m.room_id = ? AND m.stream_seq <= ? ORDER BY m.seq ${order} ${this.sql.limit(1)})`;
    const [row] = await this.db.query<{ first_seq: unknown; last_seq: unknown }[]>(bind(this.sql, `SELECT ${end('ASC')} AS first_seq, ${end('DESC')} AS last_seq`), [roomId, position, roomId, position]);
    return row?.first_seq === null || row?.first_seq === undefined ? null : { first: toStreamSeq(row.first_seq), last: toStreamSeq(row.last_seq) };
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
