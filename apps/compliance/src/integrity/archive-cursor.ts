import type { LogName } from '@parley/contracts';
import { dialectOfDb as dialectOf } from '../archive/sql.js';
import type { DataSource } from 'typeorm';
import type { ArchiveRecord } from '../archive/record.js';

/** Reads one log's archive records in stream order, a page at a time. */
export class ArchiveCursor {
  private page: ArchiveRecord[] = [];
  private index = 0;
  private after = 0;
  private done = false;

  constructor(
    private readonly db: DataSource,
    private readonly log: LogName,
    private readonly pageSize = 5_000,
  ) {}

  async next(): Promise<ArchiveRecord | undefined> {
    if (this.index >= this.page.length) {
      if (this.done) return undefined;
      const p = (n: number) => this.db.driver.createParameter(`p${n}`, n);
      const limit = dialectOf(this.db) === 'mssql' ? `OFFSET 0 ROWS FETCH NEXT ${this.pageSize} ROWS ONLY` : `LIMIT ${this.pageSize}`;
      const rows = (await this.db.query(`SELECT * FROM compliance_records WHERE log = ${p(0)} AND stream_seq > ${p(1)} ORDER BY stream_seq ${limit}`, [this.log, this.after])) as ArchiveRecord[];
      this.page = rows.map((r) => ({ ...r, stream_seq: Number(r.stream_seq), seq: Number(r.seq), occurred_ms: Number(r.occurred_ms) }));
      this.index = 0;
      this.done = rows.length < this.pageSize;
      if (this.page.length === 0) return undefined;
      this.after = this.page.at(-1)!.stream_seq;
    }
    return this.page[this.index++];
  }
}
