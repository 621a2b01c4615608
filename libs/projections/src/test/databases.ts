import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations, type DataSourceConfig } from '../index.js';
import { CreateTestMessages } from './messages.projection.js';

/** The dialects every behavioural test runs on (SQL Server cannot run here). */
export const dialectsUnderTest = ['sqlite', 'postgres'] as const;
export type DialectUnderTest = (typeof dialectsUnderTest)[number];

/** What the specs pass in from @parley/testing (which only spec files may import). */
export interface Harness {
  createTestDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }>;
  tempSqliteFile(): { path: string; remove(): void };
}

export interface TestDatabase {
  readonly config: DataSourceConfig;
  /** A new data source on the database, migrated (checkpoints and `test_messages`). */
  open(): Promise<DataSource>;
  /** Makes the database refuse the projector's writes until the returned function is called. */
  outage(): Promise<() => Promise<void>>;
  /** Closes every data source opened here and deletes the database. */
  remove(): Promise<void>;
}

export async function testDatabase(dialect: DialectUnderTest, harness: Harness): Promise<TestDatabase> {
  const opened: DataSource[] = [];
  const openWith = async (config: DataSourceConfig) => {
    const dataSource = createDataSource(config);
    opened.push(dataSource);
    await runMigrations(dataSource);
    return dataSource;
  };
  const closeAll = () => Promise.all(opened.filter((d) => d.isInitialized).map((d) => d.destroy()));

  if (dialect === 'sqlite') {
    const file = harness.tempSqliteFile();
    // A short busy timeout: better-sqlite3 waits for a lock synchronously, holding up the event loop.
    const config: DataSourceConfig = { dialect, file: file.path, busyTimeoutMs: 50, migrations: [CreateTestMessages] };
    return {
      config,
      open: () => openWith(config),
      async outage() {
        // Another connection holding the write lock: the projector's transactions time out on it.
        const holder = await openWith(config);
        const runner = holder.createQueryRunner();
        await runner.query('BEGIN EXCLUSIVE');
        return async () => {
          await runner.query('COMMIT');
          await holder.destroy();
        };
      },
      async remove() {
        await closeAll();
        file.remove();
      },
    };
  }

  const db = await harness.createTestDatabase();
  const config: DataSourceConfig = { dialect, url: db.url, connectTimeoutMs: 2_000, migrations: [CreateTestMessages] };
  const admin = async (statements: string[]) => {
    const url = new URL(db.url);
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    config,
    open: () => openWith(config),
    async outage() {
      // Refuse new connections and end the open ones, as a database restart would.
      await admin([
        `ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`,
      ]);
      return () => admin([`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`]);
    },
    async remove() {
      await closeAll();
      await db.drop();
    },
  };
}
