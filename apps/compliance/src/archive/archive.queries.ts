import { type LogName } from '@parley/contracts';
import { readCheckpoints, toStreamSeq } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { bool } from './sql.js';

export interface RoomRow {
  room_id: string;
  name: string;
  category_id: string;
  description: string;
  privacy: string;
  room_type: string;
  removed: unknown;
}

export interface HoldRow {
  hold_id: string;
  case_name: string;
  target_kind: 'user' | 'room';
  target_id: string;
  note: string;
  placed_ms: unknown;
  placed_by: string;
  released_ms: unknown;
  released_by: string | null;
  release_note: string | null;
}

export interface RetentionRow {
  scope_kind: 'global' | 'category' | 'room';
  scope_id: string;
  days: unknown;
  set_ms: unknown;
  set_by: string;
}

export interface ChainHead {
  position: number;
  hash: string;
}

/** Reads of the archive's own tables; the archive's SQLite file is written by its projectors only. */
export class ArchiveQueries {
  constructor(private readonly db: DataSource) {}

  async chainHeads(): Promise<Record<LogName, ChainHead>> {
    const rows = (await this.db.query('SELECT log, stream_seq, hash FROM compliance_chain')) as { log: LogName; stream_seq: unknown; hash: string }[];
    const head = (log: LogName) => {
      const row = rows.find((r) => r.log === log);
      return { position: toStreamSeq(row?.stream_seq ?? 0), hash: row?.hash ?? '' };
    };
    return { chat: head('chat'), activity: head('activity') };
  }

  /** Where each archive projector stands in its log (it passes events it has no record for, if any). */
  async checkpoints(): Promise<Record<LogName, number>> {
    const [chat, activity] = await Promise.all([readCheckpoints(this.db, 'compliance-chat'), readCheckpoints(this.db, 'compliance-activity')]);
    return { chat: chat.get('compliance-chat') ?? 0, activity: activity.get('compliance-activity') ?? 0 };
  }

  async counts(): Promise<{ records: number; purged: number }> {
    const [row] = (await this.db.query('SELECT COUNT(*) AS records, COUNT(purged_by) AS purged FROM compliance_records')) as { records: unknown; purged: unknown }[];
    return { records: Number(row?.records ?? 0), purged: Number(row?.purged ?? 0) };
  }

  async rooms(): Promise<Map<string, RoomRow>> {
    const rows = (await this.db.query('SELECT * FROM compliance_rooms')) as RoomRow[];
    return new Map(rows.map((r) => [r.room_id, { ...r, removed: bool(r.removed) }]));
  }

  async holds(active?: boolean): Promise<HoldRow[]> {
    const where = active === undefined ? '' : active ? 'WHERE released_ms IS NULL' : 'WHERE released_ms IS NOT NULL';
    return (await this.db.query(`SELECT * FROM compliance_holds ${where} ORDER BY placed_ms, hold_id`)) as HoldRow[];
  }

  async hold(id: string): Promise<HoldRow | undefined> {
    const [row] = (await this.db.query(`SELECT * FROM compliance_holds WHERE hold_id = ${this.param(0)}`, [id])) as HoldRow[];
    return row;
  }

  async retention(): Promise<RetentionRow[]> {
    return (await this.db.query('SELECT * FROM compliance_retention ORDER BY scope_kind, scope_id')) as RetentionRow[];
  }

  async purged(purgeId: string): Promise<number | undefined> {
    const [row] = (await this.db.query(`SELECT purged FROM compliance_purges WHERE purge_id = ${this.param(0)}`, [purgeId])) as { purged: unknown }[];
    return row ? Number(row.purged) : undefined;
  }

  private param(n: number): string {
    return this.db.driver.createParameter(`p${n}`, n);
  }
}
