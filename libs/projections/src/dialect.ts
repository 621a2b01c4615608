import type { DataSource, DataSourceOptions, LoggerOptions, MigrationInterface } from 'typeorm';

/** The SQL databases Parley projects into: SQLite (single server), PostgreSQL, SQL Server (production). */
export const Dialects = ['sqlite', 'postgres', 'mssql'] as const;
export type Dialect = (typeof Dialects)[number];

/** SQL statements for each dialect; a `Record` so that forgetting one dialect is a compile error. */
export type DialectStatements = Readonly<Record<Dialect, readonly string[]>>;

/**
 * The few statements the framework itself runs that differ between dialects. Each dialect has one
 * file (`dialects/<dialect>.ts`) holding its part; everything else is portable SQL.
 */
export interface DialectSql {
  /** The placeholder of the n-th (1-based) positional parameter. */
  param(n: number): string;
  /** The current UTC time, for `updated_at`. */
  readonly now: string;
  /** Creates and drops `projection_checkpoints`. */
  readonly checkpointsTable: { up: readonly string[]; down: readonly string[] };
  /**
   * Statements that lock the checkpoint rows matching `where` until the transaction ends, so that
   * two instances of a projector (a rolling deploy) or a rebuild's switch take turns. The last one
   * returns the rows (`projection`, `stream_seq`).
   */
  lockCheckpoints(where: string): readonly string[];
  dropTable(name: string): string;
  renameTable(from: string, to: string): string;
}

const TYPEORM_TYPES: Readonly<Record<string, Dialect>> = { 'better-sqlite3': 'sqlite', postgres: 'postgres', mssql: 'mssql' };

/** The dialect of a data source made by `createDataSource`. */
export function dialectOf(dataSource: DataSource): Dialect {
  const dialect = TYPEORM_TYPES[dataSource.options.type];
  if (!dialect) throw new Error(`Parley projections do not support TypeORM driver "${dataSource.options.type}"`);
  return dialect;
}

/** A versioned migration, as `defineMigration` makes it and TypeORM instantiates it. */
export type MigrationClass = new () => MigrationInterface;

/** TypeORM options that `createDataSource` sets the same way for every dialect. */
export interface SharedOptions {
  readonly entities: DataSourceOptions['entities'];
  readonly migrations: MigrationClass[];
  /** Each migration commits with its own record, so a failed one leaves the earlier ones applied. */
  readonly migrationsTransactionMode: 'each';
  /** Never: the schema changes only through reviewed, versioned migrations. */
  readonly synchronize: false;
  readonly logging: LoggerOptions;
}
