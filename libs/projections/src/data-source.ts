import { DataSource, type DataSourceOptions, type LoggerOptions } from 'typeorm';
import type { MigrationClass, SharedOptions } from './dialect.js';
import { mssqlOptions, type MssqlConfig } from './dialects/mssql.js';
import { postgresOptions, type PostgresConfig } from './dialects/postgres.js';
import { sqliteDataSource, type SqliteConfig } from './dialects/sqlite.js';
import { ProjectionCheckpointsMigration } from './migration.js';
import { exclusive } from './transaction.js';

export type { MssqlConfig, PostgresConfig, SqliteConfig };

/** Where a service keeps its projections, and what it keeps there. */
export type DataSourceConfig = (SqliteConfig | PostgresConfig | MssqlConfig) & {
  /** TypeORM entities (classes or EntitySchemas) for queries; projections may also use plain SQL. */
  entities?: DataSourceOptions['entities'];
  /** Versioned migrations (`defineMigration`), applied by `runMigrations`; the checkpoints table's comes with. */
  migrations?: MigrationClass[];
  /** TypeORM query logging (default off). */
  logging?: LoggerOptions;
};

/**
 * A TypeORM data source for one of Parley's dialects, not yet connected (`ensureInitialized` or a
 * projector connects it). The schema never synchronises from entities: `runMigrations` applies it.
 */
export function createDataSource(config: DataSourceConfig): DataSource {
  const shared: SharedOptions = {
    entities: config.entities ?? [],
    migrations: [ProjectionCheckpointsMigration, ...(config.migrations ?? [])],
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: config.logging ?? false,
  };
  switch (config.dialect) {
    case 'sqlite':
      return sqliteDataSource(config, shared);
    case 'postgres':
      return new DataSource(postgresOptions(config, shared));
    case 'mssql':
      return new DataSource(mssqlOptions(config, shared));
    default: {
      const unknown: never = config;
      throw new Error(`unknown dialect ${String((unknown as { dialect: unknown }).dialect)}`);
    }
  }
}

const connecting = new WeakMap<DataSource, Promise<DataSource>>();

/** Connects a data source once, however many callers (projectors, the service) ask at the same time. */
export function ensureInitialized(dataSource: DataSource): Promise<DataSource> {
  if (dataSource.isInitialized) return Promise.resolve(dataSource);
  let pending = connecting.get(dataSource);
  if (!pending) {
    pending = dataSource.initialize().finally(() => connecting.delete(dataSource));
    connecting.set(dataSource, pending);
  }
  return pending;
}

/** Applies pending migrations in order, each in its own transaction; returns the names applied. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  await ensureInitialized(dataSource);
  const applied = await exclusive(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  return applied.map((m) => m.name);
}
