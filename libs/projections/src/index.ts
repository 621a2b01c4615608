export { Dialects, type Dialect, type DialectStatements, type MigrationClass } from './dialect.js';
export {
  createDataSource,
  ensureInitialized,
  runMigrations,
  type DataSourceConfig,
  type MssqlConfig,
  type PostgresConfig,
  type SqliteConfig,
} from './data-source.js';
export { SqliteDataSource } from './dialects/sqlite.js';
export type { CheckpointResult } from './dialects/sqlite-checkpointer.js';
export { databaseConfig } from './database-url.js';
export { createTablesMigration, defineMigration, ProjectionCheckpointsMigration, type MigrationSpec } from './migration.js';
export type { ApplyContext, ProjectionDefinition, ProjectionTable, TableNames } from './definition.js';
export { readCheckpoints } from './checkpoints.js';
export { partitionOf } from './partition.js';
export { toStreamSeq } from './sequence.js';
export { runInTransaction } from './transaction.js';
export { runningProjectors, startProjector, type Lag, type Projector, type ProjectorOptions, type ProjectorState } from './projector.js';
export { rebuildProjection, type RebuildOptions, type RebuildResult } from './rebuild.js';
export { errorText, type ProjectionLogger } from './logger.js';
export { backoffMs, DEFAULT_RETRY, Pause, type RetryPolicy } from './retry.js';
