import type { Dialect, TableNames } from '@parley/projections';
import type { SearchTerms } from '../search/search-terms.js';
import { mssqlHistorySql } from './mssql.sql.js';
import { postgresHistorySql } from './postgres.sql.js';
import { sqliteHistorySql } from './sqlite.sql.js';

/** Column types, so that each table is written once for the three dialects. */
export interface ColumnTypes {
  /** Ids of rooms, users and categories (at most 128 characters). */
  readonly id: string;
  /** Names (at most 256 characters). */
  readonly name: string;
  /** Short codes: privacy, room type. */
  readonly code: string;
  readonly text: string;
  /** Sequences: 64-bit. */
  readonly bigint: string;
  readonly int: string;
  readonly bool: string;
  /** A UTC instant, with milliseconds. */
  readonly timestamp: string;
}

/** A column of a bulk insert, with its type (for the dialects that cast parameters). */
export interface Column {
  readonly name: string;
  readonly type: keyof ColumnTypes;
}

/** A statement written with `?` placeholders, and its parameters in their order. */
export interface Statement {
  readonly statement: string;
  readonly params: unknown[];
}

/** The full-text search index: one row per searchable message, keyed by the message's stream_seq. */
export interface SearchSql {
  /** Creates the search table (and its index) under `names`. */
  create(names: TableNames): readonly string[];
  /** The search table's column holding the message's stream_seq. */
  readonly key: string;
  /** The indexed value of the `body` column for a row of history_messages aliased `m`. */
  body(m: string): string;
  /**
   * A condition on the search table aliased `s` that every term satisfies. `param` binds a value
   * and gives its placeholder; placeholders must appear in the text in the order they were bound.
   */
  match(s: string, terms: SearchTerms, param: (value: unknown) => string): string;
  /**
   * How the newest matches are found. `index`: the full-text index hands them over in key order
   * (SQLite's FTS5), so one statement that stops at the limit does. `windows`: the index finds
   * matches in no useful order (PostgreSQL's GIN), so the newest are found by scanning the log's
   * latest positions first, and the index is asked only for terms it finds few of
   * (read/search.queries.ts).
   */
  readonly newest: 'index' | 'windows';
}

/**
 * What differs between SQLite, PostgreSQL and SQL Server in the history projection and its
 * queries. Everything else is portable SQL. One file per dialect; SQL Server's is compiled and
 * unit-tested only (nothing here runs SQL Server).
 */
export interface HistorySql {
  readonly dialect: Dialect;
  readonly types: ColumnTypes;
  /** The placeholder of the n-th (1-based) parameter. */
  param(n: number): string;
  readonly true: string;
  readonly false: string;
  /** Follows an ORDER BY to keep the first `n` rows. */
  limit(n: number): string;
  /** A condition: `column` (of type `type`) is one of the values of a list bound as one parameter, of any length. */
  inList(column: string, placeholder: string, type: 'id' | 'bigint'): string;
  /** The value to bind for `inList`. */
  list(values: readonly (string | number)[]): unknown;
  /** How a timestamp parameter (an ISO 8601 UTC string) is written into a timestamp column. */
  timestamp(placeholder: string): string;
  /** Inserts `rows` (values in `columns` order) into `table` with as few statements as the dialect allows. */
  insertRows(table: string, columns: readonly Column[], rows: readonly (readonly unknown[])[]): Statement[];
  readonly search: SearchSql;
}

const BY_DIALECT: Readonly<Record<Dialect, HistorySql>> = { sqlite: sqliteHistorySql, postgres: postgresHistorySql, mssql: mssqlHistorySql };

export function historySqlOf(dialect: Dialect): HistorySql {
  return BY_DIALECT[dialect];
}

/**
 * A statement written with `?` for each parameter, in the dialect's placeholders (`?`, `$1`, `@0`):
 * parameters are always listed in the order their `?` appear in the text.
 */
export function bind(sql: HistorySql, statement: string): string {
  // SQLite's placeholder is `?` already (and multi-row INSERTs carry thousands of them).
  if (sql.dialect === 'sqlite') return statement;
  let n = 0;
  return statement.replace(/\?/g, () => sql.param(++n));
}
