import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { ProjectionTable } from './definition.js';
import { liveNames } from './definition.js';
import { dialectOf, Dialects, type DialectStatements, type MigrationClass } from './dialect.js';
import { eachDialect } from './dialects/index.js';

export interface MigrationSpec {
  /**
   * Unique, ending in the 13-digit millisecond timestamp of its writing, which orders migrations:
   * `CreateHistoryMessages1767312000000`. Never rename or edit a migration once it has shipped.
   */
  name: string;
  /** Explicit SQL for each dialect, run in order inside one transaction with the migration's record. */
  up: DialectStatements;
  down: DialectStatements;
}

const MIGRATION_NAME = /^[A-Za-z][A-Za-z0-9]*\d{13}$/;

/** A versioned migration holding explicit SQL for every dialect, for `createDataSource({ migrations })`. */
export function defineMigration(spec: MigrationSpec): MigrationClass {
  if (!MIGRATION_NAME.test(spec.name)) {
    throw new Error(`invalid migration name "${spec.name}": letters and digits ending in a 13-digit timestamp, e.g. CreateRooms1767312000000`);
  }
  for (const dialect of Dialects) {
    if (spec.up[dialect].length === 0) throw new Error(`migration ${spec.name} has no ${dialect} statements`);
  }
  return class implements MigrationInterface {
    readonly name = spec.name;

    async up(queryRunner: QueryRunner): Promise<void> {
      for (const sql of spec.up[dialectOf(queryRunner.dataSource)]) await queryRunner.query(sql);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      for (const sql of spec.down[dialectOf(queryRunner.dataSource)]) await queryRunner.query(sql);
    }
  };
}

/**
 * The first migration of a projection: creates its tables under their live names from the same
 * `create` a rebuild uses, so the two cannot drift apart. Later changes to a projection's tables
 * are either their own migration (with `create` updated to match) or a rebuild.
 */
export function createTablesMigration(name: string, tables: readonly ProjectionTable[]): MigrationClass {
  const up = (dialect: keyof DialectStatements) => tables.flatMap((t) => t.create(liveNames(t.name))[dialect]);
  return defineMigration({
    name,
    up: { sqlite: up('sqlite'), postgres: up('postgres'), mssql: up('mssql') },
    down: eachDialect((sql) => [...tables].reverse().map((t) => sql.dropTable(t.name))),
  });
}

/** The framework's own migration (the checkpoints table); every data source `createDataSource` makes includes it. */
export const ProjectionCheckpointsMigration = defineMigration({
  name: 'ProjectionCheckpoints1767225600000',
  up: eachDialect((sql) => sql.checkpointsTable.up),
  down: eachDialect((sql) => sql.checkpointsTable.down),
});
