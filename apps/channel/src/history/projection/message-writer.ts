import type { ApplyContext } from '@parley/projections';
import type { EntityManager } from 'typeorm';
import { bind, type Column, type HistorySql } from '../sql/history-sql.js';

/** A row of history_messages as the projection writes it (booleans as 0 and 1). */
export interface NewMessage {
  stream_seq: number;
  room_id: string;
  seq: number;
  author_id: string;
  posted_at: string;
  text: string | null;
  story_title: string | null;
  story_body: string | null;
  alert: number;
  edit_count: number;
  edited_at: string | null;
  redacted: number;
  removed: number;
  file_id: string | null;
  file_name: string | null;
  file_size: number | null;
  file_type: string | null;
}

const COLUMNS = [
  { name: 'stream_seq', type: 'bigint' },
  { name: 'room_id', type: 'id' },
  { name: 'seq', type: 'bigint' },
  { name: 'author_id', type: 'id' },
  { name: 'posted_at', type: 'timestamp' },
  { name: 'text', type: 'text' },
  { name: 'story_title', type: 'name' },
  { name: 'story_body', type: 'text' },
  { name: 'alert', type: 'bool' },
  { name: 'edit_count', type: 'int' },
  { name: 'edited_at', type: 'timestamp' },
  { name: 'redacted', type: 'bool' },
  { name: 'removed', type: 'bool' },
  { name: 'file_id', type: 'id' },
  { name: 'file_name', type: 'name' },
  { name: 'file_size', type: 'bigint' },
  { name: 'file_type', type: 'name' },
] as const satisfies readonly (Column & { name: keyof NewMessage })[];

/** What a redaction or a removal takes away besides the text. */
const CONTENT_GONE = { story_title: null, story_body: null, file_id: null, file_name: null, file_size: null, file_type: null };
const CONTENT_GONE_SQL = Object.keys(CONTENT_GONE)
  .map((column) => `${column} = NULL`)
  .join(', ');

const keyOf = (roomId: string, seq: number) => `${roomId}\u0000${seq}`;

/**
 * The message writes of one batch. Posts (and file posts) wait in memory until `flush`, and edits, redactions,
 * removals and clears of posts still waiting change them there: most of a batch becomes a few
 * multi-row INSERTs and one statement that indexes them for search. Changes to messages stored
 * by earlier batches are written at once, with their search rows; they touch other rows than the
 * waiting ones, so the order between the two does not matter.
 */
export class MessageWriter {
  private readonly pending = new Map<string, NewMessage>();
  private readonly messages: string;
  private readonly search: string;
  private readonly searchable: string;

  constructor(
    private readonly tx: EntityManager,
    ctx: ApplyContext,
    private readonly sql: HistorySql,
  ) {
    this.messages = ctx.table('history_messages');
    this.search = ctx.table('history_search');
    this.searchable = `m.redacted = ${sql.false} AND m.removed = ${sql.false}`;
  }

  post(row: NewMessage): void {
    this.pending.set(keyOf(row.room_id, row.seq), row);
  }

  async edit(roomId: string, seq: number, text: string, at: string): Promise<void> {
    const row = this.pending.get(keyOf(roomId, seq));
    if (row) {
      if (!row.redacted && !row.removed) Object.assign(row, { text, edit_count: row.edit_count + 1, edited_at: at });
      return;
    }
    await this.run(
      `UPDATE ${this.messages} SET text = ?, edit_count = edit_count + 1, edited_at = ${this.sql.timestamp('?')}
       WHERE room_id = ? AND seq = ? AND redacted = ${this.sql.false} AND removed = ${this.sql.false}`,
      [text, at, roomId, seq],
    );
    await this.unindex('seq = ?', [roomId, seq]);
    await this.index('m.room_id = ? AND m.seq = ?', [roomId, seq]);
  }

  async redact(roomId: string, seq: number): Promise<void> {
    const row = this.pending.get(keyOf(roomId, seq));
    if (row) {
      Object.assign(row, { text: null, ...CONTENT_GONE, redacted: 1 });
      return;
    }
    await this.unindex('seq = ?', [roomId, seq]);
    await this.run(`UPDATE ${this.messages} SET text = NULL, ${CONTENT_GONE_SQL}, redacted = ${this.sql.true} WHERE room_id = ? AND seq = ?`, [roomId, seq]);
  }

  /** Removed by a moderator: readers see `replacement` instead, and search no longer finds them. */
  async remove(roomId: string, seqs: readonly number[], replacement: string): Promise<void> {
    const stored: number[] = [];
    for (const seq of seqs) {
      const row = this.pending.get(keyOf(roomId, seq));
      if (row) Object.assign(row, { text: replacement, ...CONTENT_GONE, removed: 1 });
      else stored.push(seq);
    }
    if (!stored.length) return;
    const list = this.sql.list(stored);
    await this.unindex(this.sql.inList('seq', '?', 'bigint'), [roomId, list]);
    await this.run(
      `UPDATE ${this.messages} SET text = ?, ${CONTENT_GONE_SQL}, removed = ${this.sql.true} WHERE room_id = ? AND ${this.sql.inList('seq', '?', 'bigint')}`,
      [replacement, roomId, list],
    );
  }

  /** History cleared up to `upToSeq`: those messages are gone for readers. */
  async clear(roomId: string, upToSeq: number): Promise<void> {
    for (const [key, row] of this.pending) if (row.room_id === roomId && row.seq <= upToSeq) this.pending.delete(key);
    await this.unindex('seq <= ?', [roomId, upToSeq]);
    await this.run(`DELETE FROM ${this.messages} WHERE room_id = ? AND seq <= ?`, [roomId, upToSeq]);
  }

  /** Writes the waiting posts, then indexes those still searchable for search. */
  async flush(): Promise<void> {
    const rows = [...this.pending.values()];
    if (!rows.length) return;
    const values = rows.map((row) => COLUMNS.map((c) => row[c.name]));
    for (const { statement, params } of this.sql.insertRows(this.messages, COLUMNS, values)) await this.run(statement, params);
    // Every message with a stream_seq in the range of this batch's posts is one of them.
    const first = rows.reduce((min, r) => Math.min(min, r.stream_seq), Number.POSITIVE_INFINITY);
    const last = rows.reduce((max, r) => Math.max(max, r.stream_seq), 0);
    await this.index('m.stream_seq >= ? AND m.stream_seq <= ?', [first, last]);
    this.pending.clear();
  }

  /** Adds the search rows of the searchable messages matching `where` (on history_messages `m`). */
  private index(where: string, params: unknown[]): Promise<unknown> {
    const { search } = this.sql;
    return this.run(
      `INSERT INTO ${this.search} (${search.key}, body) SELECT m.stream_seq, ${search.body('m')} FROM ${this.messages} m WHERE ${where} AND ${this.searchable}`,
      params,
    );
  }

  /** Drops the search rows of the room's messages matching `where` (on history_messages). */
  private unindex(where: string, params: [roomId: string, ...rest: unknown[]]): Promise<unknown> {
    return this.run(`DELETE FROM ${this.search} WHERE ${this.sql.search.key} IN (SELECT stream_seq FROM ${this.messages} WHERE room_id = ? AND ${where})`, params);
  }

  private run(statement: string, params: unknown[]): Promise<unknown> {
    return this.tx.query(bind(this.sql, statement), params);
  }
}
