import { createDataSource, runMigrations, type DataSourceConfig } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { HISTORY_MIGRATIONS } from '../history-store.js';

/** The dialects history is tested on (SQL Server cannot run here). */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/** What the specs pass in from @parley/testing (which only spec files may import). */
export interface Harness {
  createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }>;
  tempSqliteFile(): { path: string; remove(): void };
}

export interface TestDatabase {
  readonly config: DataSourceConfig;
  /** A new data source on it, migrated. */
  open(): Promise<DataSource>;
  /** Closes what `open` opened and deletes the database. */
  remove(): Promise<void>;
}

/** A fresh database of the dialect: a temporary SQLite file, or a new PostgreSQL database. */
export async function testDatabase(dialect: TestDialect, harness: Harness): Promise<TestDatabase> {
  const opened: DataSource[] = [];
  const made = dialect === 'sqlite' ? { file: harness.tempSqliteFile(), db: undefined } : { file: undefined, db: await harness.createTestDatabase() };
  const config: DataSourceConfig = made.file ? { dialect: 'sqlite', file: made.file.path, busyTimeoutMs: 100 } : { dialect: 'postgres', url: made.db!.url };
  return {
    config,
    async open() {
      const db = createDataSource({ ...config, migrations: HISTORY_MIGRATIONS });
      opened.push(db);
      await runMigrations(db);
      return db;
    },
    async remove() {
      await Promise.all(opened.filter((d) => d.isInitialized).map((d) => d.destroy()));
      made.file?.remove();
      await made.db?.drop();
    },
  };
}
