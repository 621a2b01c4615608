import type { DataSourceOptions } from 'typeorm';
import type { DialectSql, SharedOptions } from '../dialect.js';

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
}

/** The part of a better-sqlite3 connection that `prepareDatabase` uses. */
interface SqliteConnection {
  pragma(source: string): unknown;
}

export function sqliteOptions(config: SqliteConfig, shared: SharedOptions): DataSourceOptions {
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
