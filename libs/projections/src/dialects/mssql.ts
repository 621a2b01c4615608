import { ValidationError } from '@parley/contracts';
import type { DataSourceOptions } from 'typeorm';
import type { DialectSql, SharedOptions } from '../dialect.js';

// SQL Server cannot run on the development machines (no Docker, no SQL Server): this file is
// compiled and its options unit-tested only. Keep it small and have a reviewer who knows T-SQL read it.

export interface MssqlConfig {
  dialect: 'mssql';
  /**
   * `mssql://user:password@host:1433/database`, optionally `?encrypt=false` (default true) and
   * `&trustServerCertificate=true` (default false: the server's certificate must verify).
   */
  url: string;
  /** Most connections in the pool (default 10); each projector partition uses one at a time. */
  poolSize?: number;
  /** Milliseconds to wait for a new connection before failing (default 15000). */
  connectTimeoutMs?: number;
}

const FLAGS = { encrypt: true, trustServerCertificate: false } as const;
type Flag = keyof typeof FLAGS;

function invalid(message: string): ValidationError {
  return new ValidationError('invalid SQL Server url', [{ path: 'url', message }]);
}

function parseUrl(text: string): { url: URL; flags: Record<Flag, boolean> } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('is not a URL');
  }
  if (url.protocol !== 'mssql:') throw invalid(`scheme is "${url.protocol}", expected "mssql:"`);
  if (!url.hostname || url.pathname.length < 2) throw invalid('needs a host and a database: mssql://user:password@host:1433/database');
  const flags: Record<Flag, boolean> = { ...FLAGS };
  for (const [key, value] of url.searchParams) {
    if (!(key in FLAGS)) throw invalid(`unknown parameter "${key}"; known: ${Object.keys(FLAGS).join(', ')}`);
    if (value !== 'true' && value !== 'false') throw invalid(`${key} must be true or false`);
    flags[key as Flag] = value === 'true';
  }
  return { url, flags };
}

export function mssqlOptions(config: MssqlConfig, shared: SharedOptions): DataSourceOptions {
  const { url, flags } = parseUrl(config.url);
  return {
    ...shared,
    type: 'mssql',
    host: url.hostname,
    port: url.port ? Number(url.port) : 1433,
    database: decodeURIComponent(url.pathname.slice(1)),
    username: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    connectionTimeout: config.connectTimeoutMs ?? 15_000,
    pool: { max: config.poolSize ?? 10 },
    options: {
      encrypt: flags.encrypt,
      trustServerCertificate: flags.trustServerCertificate,
      // Dates travel as UTC, like SYSUTCDATETIME() below, whatever the servers' time zones.
      useUTC: true,
      // SET XACT_ABORT ON: an error or a client-side timeout rolls the whole transaction back
      // instead of leaving it open on a pooled connection with half a batch applied.
      abortTransactionOnError: true,
      appName: 'parley',
    },
  };
}

export const mssqlSql: DialectSql = {
  // TypeORM names raw query parameters @0, @1...
  param: (n) => `@${n - 1}`,
  now: 'SYSUTCDATETIME()',
  checkpointsTable: {
    // nvarchar, not varchar: the driver sends strings as nvarchar, and comparing those with a
    // varchar key converts the column and scans instead of seeking.
    up: ['CREATE TABLE projection_checkpoints (projection nvarchar(100) NOT NULL PRIMARY KEY, stream_seq bigint NOT NULL, updated_at datetime2 NOT NULL)'],
    down: ['DROP TABLE projection_checkpoints'],
  },
  // UPDLOCK takes update locks that readers do not block on; HOLDLOCK keeps them (and the key range)
  // until the transaction ends.
  lockCheckpoints: (where) => [`SELECT projection, stream_seq FROM projection_checkpoints WITH (UPDLOCK, HOLDLOCK) WHERE ${where}`],
  // DROP TABLE IF EXISTS needs SQL Server 2016 or newer.
  dropTable: (name) => `DROP TABLE IF EXISTS ${name}`,
  renameTable: (from, to) => `EXEC sp_rename N'${from}', N'${to}'`,
};
