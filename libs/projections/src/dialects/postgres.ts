import type { DataSourceOptions } from 'typeorm';
import type { DialectSql, SharedOptions } from '../dialect.js';

export interface PostgresConfig {
  dialect: 'postgres';
  /** `postgres://user:password@host:5432/database` */
  url: string;
  /** Most connections in the pool (default 10); each projector partition uses one at a time. */
  poolSize?: number;
  /** Milliseconds to wait for a new connection before failing (default 5000). */
  connectTimeoutMs?: number;
}

export function postgresOptions(config: PostgresConfig, shared: SharedOptions): DataSourceOptions {
  // `parseInt8` is left unset on purpose: TypeORM applies it to pg's process-wide defaults. bigint
  // columns come back as strings and go through `toStreamSeq` (see sequence.ts).
  return {
    ...shared,
    type: 'postgres',
    url: config.url,
    poolSize: config.poolSize ?? 10,
    connectTimeoutMS: config.connectTimeoutMs ?? 5_000,
  };
}

export const postgresSql: DialectSql = {
  param: (n) => `$${n}`,
  now: 'CURRENT_TIMESTAMP',
  checkpointsTable: {
    up: ['CREATE TABLE projection_checkpoints (projection varchar(100) NOT NULL PRIMARY KEY, stream_seq bigint NOT NULL, updated_at timestamptz NOT NULL)'],
    down: ['DROP TABLE projection_checkpoints'],
  },
  lockCheckpoints: (where) => [`SELECT projection, stream_seq FROM projection_checkpoints WHERE ${where} FOR UPDATE`],
  dropTable: (name) => `DROP TABLE IF EXISTS ${name}`,
  renameTable: (from, to) => `ALTER TABLE ${from} RENAME TO ${to}`,
};
