import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DialectSql, SharedOptions } from '../dialect.js';
import { SqliteCheckpointer, type CheckpointResult } from './sqlite-checkpointer.js';

export interface SqliteConfig {
  dialect: 'sqlite';
  /** Path of the database file; created with its folder if missing. */
  file: string;
  /**
   * How long a statement waits for another connection's write lock before failing (SQLite's
   * busy_timeout; default 2000 ms). better-sqlite3 waits synchronously, blocking the event loop, so
   * keep it short and let the projector's asynchronous back-off do the longer waiting.
   */
  busyTimeoutMs?: number;
  /**
   * How often a worker thread checkpoints the WAL into the database file (default 1000 ms). With 0,
   * SQLite does it itself, in whichever COMMIT takes the WAL past 1,000 pages, on the event loop.
   */
  checkpointIntervalMs?: number;
}

/** SQLite's own threshold, restored on a connection whose checkpointer has gone. */
const AUTO_CHECKPOINT_PAGES = 1_000;
const DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;

/**
 * A data source on a SQLite file whose WAL is checkpointed by a worker thread while it is connected
 * (docs/adr/0014-sqlite-checkpoints-off-the-event-loop.md).
 */
export class SqliteDataSource extends DataSource {
  private checkpointer?: SqliteCheckpointer;

  constructor(
    options: DataSourceOptions,
    private readonly sqlite: SqliteConfig,
  ) {
    super(options);
  }

  override async initialize(): Promise<this> {
    await super.initialize();
    const intervalMs = this.sqlite.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    if (intervalMs > 0 && this.sqlite.file !== ':memory:') {
      const checkpointer = new SqliteCheckpointer(this.sqlite.file, intervalMs, (reason) => {
        this.logger.log('warn', `${reason}; SQLite checkpoints in COMMITs again`);
        this.autoCheckpoint(AUTO_CHECKPOINT_PAGES);
        if (this.checkpointer !== checkpointer) return;
        this.checkpointer = undefined;
        void checkpointer.stop();
      });
      this.checkpointer = checkpointer;
      // Not awaited: a worker takes tens of milliseconds to start, and until it runs SQLite's own
      // checkpoints go on. A worker that cannot start is said by onFailure.
      checkpointer.started.then(
        () => {
          if (this.checkpointer === checkpointer) this.autoCheckpoint(0);
        },
        () => undefined,
      );
    }
    return this;
  }

  override async destroy(): Promise<void> {
    const checkpointer = this.checkpointer;
    this.checkpointer = undefined;
    // Closing the last connection checkpoints what is left and removes the WAL.
    await checkpointer?.stop();
    await super.destroy();
  }

  /** Checkpoints the WAL now, off the event loop; undefined when SQLite checkpoints by itself. */
  checkpoint(): Promise<CheckpointResult> | undefined {
    return this.checkpointer?.checkpoint();
  }

  private autoCheckpoint(pages: number): void {
    if (!this.isInitialized) return;
    (this.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection.pragma(`wal_autocheckpoint = ${pages}`);
  }
}

/** The part of a better-sqlite3 connection that `prepareDatabase` uses. */
interface SqliteConnection {
  pragma(source: string): unknown;
}

export function sqliteDataSource(config: SqliteConfig, shared: SharedOptions): SqliteDataSource {
  return new SqliteDataSource(sqliteOptions(config, shared), config);
}

function sqliteOptions(config: SqliteConfig, shared: SharedOptions): DataSourceOptions {
  return {
    ...shared,
    type: 'better-sqlite3',
    database: config.file,
    timeout: config.busyTimeoutMs ?? 2_000,
    prepareDatabase: (db: SqliteConnection) => {
      // Readers (history queries, other processes) never block the projector's writes, nor it theirs.
      db.pragma('journal_mode = WAL');
      // Under WAL, NORMAL may lose the last commits on power loss but never consistency; a lost
      // checkpoint goes with its rows, so the projector re-applies those events from the log.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // A WAL that grew during a burst is cut back to 64 MiB once it has been checkpointed.
      db.pragma('journal_size_limit = 67108864');
    },
  };
}

export const sqliteSql: DialectSql = {
  param: () => '?',
  // SQLite's CURRENT_TIMESTAMP is UTC.
  now: 'CURRENT_TIMESTAMP',
  checkpointsTable: {
    up: ['CREATE TABLE projection_checkpoints (projection varchar(100) NOT NULL PRIMARY KEY, stream_seq bigint NOT NULL, updated_at timestamp NOT NULL)'],
    down: ['DROP TABLE projection_checkpoints'],
  },
  // SQLite locks the database, not rows. Writing first takes the write lock at once, waiting up to
  // busy_timeout; a transaction that read first could not upgrade if another connection wrote since.
  lockCheckpoints: (where) => [
    `UPDATE projection_checkpoints SET updated_at = updated_at WHERE ${where}`,
    `SELECT projection, stream_seq FROM projection_checkpoints WHERE ${where}`,
  ],
  dropTable: (name) => `DROP TABLE IF EXISTS ${name}`,
  renameTable: (from, to) => `ALTER TABLE ${from} RENAME TO ${to}`,
};
