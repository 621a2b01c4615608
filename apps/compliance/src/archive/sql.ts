import type { Dialect } from '@parley/projections';
import type { DataSource, EntityManager } from 'typeorm';

/** The dialect's placeholder of the n-th (0-based) positional parameter: `?`, `$1`, `@0`. */
export function param(tx: EntityManager, n: number): string {
  return tx.connection.driver.createParameter(`p${n}`, n);
}

/**
 * Parameters one statement carries: SQL Server takes 2,100 at most; for the others, statements
 * of a few thousand parameters insert fastest (longer ones cost more to prepare than they save).
 */
export function maxParams(dialect: Dialect): number {
  return dialect === 'mssql' ? 2_000 : 4_000;
}

/** `INSERT INTO table (columns) VALUES (...), (...)`, as few statements as the dialect allows. */
export async function insertRows(tx: EntityManager, dialect: Dialect, table: string, columns: readonly string[], rows: readonly unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(maxParams(dialect) / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const tuples = chunk.map((_, r) => `(${columns.map((_, c) => param(tx, r * columns.length + c)).join(', ')})`);
    await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, chunk.flat());
  }
}

/** Booleans as drivers return them: true/false, 1/0, '1'/'0'. */
export const bool = (v: unknown) => v === true || v === 1 || v === '1' || v === 't';

/** The dialect of a data source made by `createDataSource`. */
export function dialectOfDb(db: DataSource): Dialect {
  return db.options.type === 'better-sqlite3' ? 'sqlite' : db.options.type === 'postgres' ? 'postgres' : 'mssql';
}
