import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventLog } from '@parley/eventlog';
import type { HostedProjection } from '@parley/nest-kit';
import { createDataSource, runMigrations, startProjector, type DataSourceConfig, type ProjectionLogger, type Projector } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { filesSql, type FilesSql } from './files.sql.js';
import { filesProjection } from './files.projection.js';
import { CreateFilesTables, filesTable } from './files.tables.js';

/** A posted file as the catalogue holds it. */
export interface FileRecord {
  fileId: string;
  roomId: string;
  seq: number;
  streamSeq: number;
  name: string;
  size: number;
  contentType: string;
  sha256: string;
  uploaderId: string;
  postedAt: string;
  caption: string | null;
}

type Row = Record<string, unknown>;

const COLUMNS = 'file_id, room_id, seq, stream_seq, name, size, content_type, sha256, uploader_id, posted_at, caption';

function record(row: Row): FileRecord {
  return {
    fileId: String(row['file_id']),
    roomId: String(row['room_id']),
    seq: Number(row['seq']),
    streamSeq: Number(row['stream_seq']),
    name: String(row['name']),
    size: Number(row['size']),
    contentType: String(row['content_type']),
    sha256: String(row['sha256']),
    uploaderId: String(row['uploader_id']),
    postedAt: String(row['posted_at']),
    caption: row['caption'] === null || row['caption'] === undefined ? null : String(row['caption']),
  };
}

/**
 * The files service's catalogue of posted files: a projection of the rooms' FilePosted events in
 * its own database (SQLite by default), which downloads and listings read.
 */
export class FileCatalog {
  private constructor(
    private readonly db: DataSource,
    private readonly sql: FilesSql,
    private readonly projector: Projector,
    private readonly log: EventLog,
  ) {}

  static async open(database: DataSourceConfig, log: EventLog, logger: ProjectionLogger): Promise<FileCatalog> {
    if (database.dialect === 'sqlite') mkdirSync(dirname(database.file), { recursive: true });
    const db = createDataSource({ ...database, migrations: [CreateFilesTables] });
    await db.initialize();
    await runMigrations(db);
    const projector = startProjector({ definition: filesProjection, log, dataSource: db, maxBatch: 1_000, logger });
    await projector.ready;
    return new FileCatalog(db, filesSql(database.dialect), projector, log);
  }

  /** The projection for the projection admin (status, rebuilds while serving), rebuilt through the projector's data source. */
  get hosted(): HostedProjection {
    return { definition: filesProjection, dataSource: this.db, projector: () => this.projector };
  }

  /** The stream sequence up to which the catalogue holds the log. */
  get position(): number {
    return this.projector.position;
  }

  /** A file that is still posted (not cleared with its room's history), or undefined. */
  async get(fileId: string): Promise<FileRecord | undefined> {
    const rows: Row[] = await this.db.query(this.sql.bind(`SELECT ${COLUMNS} FROM ${filesTable.name} WHERE file_id = ? AND cleared = ${this.sql.false}`), [fileId]);
    return rows[0] && record(rows[0]);
  }

  /** Whether any FilePosted event names the file, cleared or not (the sweeper keeps such objects). */
  async posted(fileId: string): Promise<boolean> {
    const rows: Row[] = await this.db.query(this.sql.bind(`SELECT file_id FROM ${filesTable.name} WHERE file_id = ?`), [fileId]);
    return rows.length > 0;
  }

  /** A room's files, newest first, those before seq `before` when given. */
  async list(roomId: string, limit: number, before: number | undefined): Promise<FileRecord[]> {
    const params: unknown[] = [roomId];
    if (before !== undefined) params.push(before);
    const rows: Row[] = await this.db.query(
      this.sql.bind(
        `SELECT ${COLUMNS} FROM ${filesTable.name} WHERE room_id = ? ${before !== undefined ? 'AND seq < ?' : ''} AND cleared = ${this.sql.false} ORDER BY seq DESC ${this.sql.limit(limit)}`,
      ),
      params,
    );
    return rows.map(record);
  }

  /** Waits, at most `timeoutMs`, until the catalogue has applied the log up to `streamSeq`; true if it has. */
  async settled(streamSeq: number, timeoutMs = 5_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.projector.position < streamSeq) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  }

  /** Waits until the catalogue holds everything the log held when called (for a file id it does not know yet). */
  async caughtUp(timeoutMs = 2_000): Promise<boolean> {
    return this.settled(await this.log.head('chat'), timeoutMs);
  }

  async stop(): Promise<void> {
    await this.projector.stop();
    await this.db.destroy();
  }
}
