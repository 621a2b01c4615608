import { dialectOfDb as dialectOf } from '../archive/sql.js';
import type { DataSource } from 'typeorm';

/** Which records an export takes. Scheduled runs select by log positions, ad hoc exports by time and filters. */
export interface Selection {
  /** After `from`, up to and including `to`, in each log. */
  ranges?: { chat: { from: number; to: number }; activity: { from: number; to: number } };
  /** Records whose time is in [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  roomId?: string;
  userId?: string;
  keyword?: string;
}

/** An archive row as exports read it. */
export interface ExportRow {
  log: 'chat' | 'activity';
  stream_seq: number;
  event_id: string;
  type: string;
  seq: number;
  occurred_ms: number;
  actor_kind: string;
  actor_id: string;
  room_id: string | null;
  user_id: string | null;
  event: string | null;
  hash: string;
  purged_by: string | null;
}

const COLUMNS = 'log, stream_seq, event_id, type, seq, occurred_ms, actor_kind, actor_id, room_id, user_id, event, hash, purged_by';
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A WHERE clause built with the data source's own placeholders. */
class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];
  constructor(private readonly db: DataSource) {}

  p(value: unknown): string {
    this.params.push(value);
    return this.db.driver.createParameter(`p${this.params.length - 1}`, this.params.length - 1);
  }

  add(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/**
 * Reads an export's records room by room, and in each room in time order (then log position),
 * page by page with keyset cursors, so memory stays flat whatever the export's size. Each room's
 * records come from the (room_id, occurred_ms, log, stream_seq) index.
 */
export class RecordSource {
  constructor(
    private readonly db: DataSource,
    private readonly pageSize = 5_000,
  ) {}

  /** The rooms the selection touches (null: records about no room), with their first record's time, in id order. */
  async rooms(selection: Selection): Promise<{ roomId: string | null; firstMs: number; count: number }[]> {
    const where = this.filter(selection);
    const rows = (await this.db.query(`SELECT room_id, MIN(occurred_ms) AS first_ms, COUNT(*) AS n FROM compliance_records ${where.sql} GROUP BY room_id`, where.params)) as {
      room_id: string | null;
      first_ms: unknown;
      n: unknown;
    }[];
    return rows
      .map((r) => ({ roomId: r.room_id, firstMs: Number(r.first_ms), count: Number(r.n) }))
      .sort((a, b) => (a.roomId === b.roomId ? 0 : a.roomId === null ? 1 : b.roomId === null ? -1 : a.roomId < b.roomId ? -1 : 1));
  }

  /** One room's selected records, a page at a time. */
  async *records(selection: Selection, roomId: string | null, firstMs: number): AsyncGenerator<ExportRow[]> {
    let after: ExportRow | undefined;
    const mssql = dialectOf(this.db) === 'mssql';
    for (;;) {
      const where = this.filter(selection);
      where.add(roomId === null ? 'room_id IS NULL' : `room_id = ${where.p(roomId)}`).add(`occurred_ms >= ${where.p(firstMs)}`);
      if (after) {
        const [ms, log, seq] = [where.p(after.occurred_ms), where.p(after.log), where.p(after.stream_seq)];
        where.add(`(occurred_ms > ${ms} OR (occurred_ms = ${ms} AND (log > ${log} OR (log = ${log} AND stream_seq > ${seq}))))`);
      }
      const order = 'ORDER BY occurred_ms, log, stream_seq';
      const limit = mssql ? `OFFSET 0 ROWS FETCH NEXT ${this.pageSize} ROWS ONLY` : `LIMIT ${this.pageSize}`;
      const rows = ((await this.db.query(`SELECT ${COLUMNS} FROM compliance_records ${where.sql} ${order} ${limit}`, where.params)) as ExportRow[]).map(normalise);
      if (rows.length) yield rows;
      if (rows.length < this.pageSize) return;
      after = rows.at(-1)!;
    }
  }

  private filter(selection: Selection): Where {
    const where = new Where(this.db);
    const { ranges } = selection;
    if (ranges) {
      const range = (log: 'chat' | 'activity') => `(log = ${where.p(log)} AND stream_seq > ${where.p(ranges[log].from)} AND stream_seq <= ${where.p(ranges[log].to)})`;
      where.add(`(${range('chat')} OR ${range('activity')})`);
    }
    if (selection.fromMs !== undefined) where.add(`occurred_ms >= ${where.p(selection.fromMs)}`);
    if (selection.toMs !== undefined) where.add(`occurred_ms < ${where.p(selection.toMs)}`);
    if (selection.roomId !== undefined) where.add(`room_id = ${where.p(selection.roomId)}`);
    if (selection.userId !== undefined) where.add(`user_id = ${where.p(selection.userId)}`);
    if (selection.keyword !== undefined) where.add(`LOWER(text) LIKE ${where.p(`%${escapeLike(selection.keyword.toLowerCase())}%`)} ESCAPE '\\'`);
    return where;
  }
}

/** bigint columns come back as strings from pg and mssql. */
function normalise(row: ExportRow): ExportRow {
  return typeof row.stream_seq === 'number' && typeof row.occurred_ms === 'number' && typeof row.seq === 'number'
    ? row
    : { ...row, stream_seq: Number(row.stream_seq), occurred_ms: Number(row.occurred_ms), seq: Number(row.seq) };
}
