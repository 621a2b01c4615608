import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf } from './dialect.js';

const turns = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Runs `work` with the data source to itself when it is SQLite. TypeORM's better-sqlite3 driver
 * has one connection and one query runner, so two transactions at once would nest (the second
 * becomes a savepoint of the first) instead of being isolated. Other dialects run `work` at once.
 */
export function exclusive<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dialectOf(dataSource) !== 'sqlite') return work();
  const previous = turns.get(dataSource) ?? Promise.resolve();
  const result = previous.then(() => work());
  turns.set(dataSource, result.catch(() => undefined));
  return result;
}

/**
 * One transaction on `dataSource`. Code that writes to a projection's SQLite database outside a
 * projector must use this too, for the reason given on `exclusive`.
 */
export function runInTransaction<T>(dataSource: DataSource, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return exclusive(dataSource, () => dataSource.transaction(work));
}
