import type { LogName } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import type { EntityManager } from 'typeorm';
import type { Dialect, DialectStatements } from './dialect.js';

/** The names one build of a table goes by. */
export interface TableNames {
  /** The table's name in this build: its live name, or `<name>__next` while it is rebuilt. */
  readonly table: string;
  /**
   * A name for one of its indexes. Index names are per database in PostgreSQL and SQLite and stay
   * with a table when it is renamed, so each build gets its own (`<name>_<suffix>[_<build>]`).
   */
  index(suffix: string): string;
}

/** A table a projection writes, and how to create it. */
export interface ProjectionTable {
  /** The live name: lower-case letters, digits and `_`, used unquoted in SQL. */
  readonly name: string;
  /**
   * Creates the table and its indexes under `names`, in each dialect. Name indexes with
   * `names.index()`, leave constraints unnamed, and reference no other projection table: a
   * rebuild creates these tables under other names and renames them when it switches.
   */
  create(names: TableNames): DialectStatements;
}

/** What `apply` needs besides the transaction. */
export interface ApplyContext {
  readonly dialect: Dialect;
  /** The name to write a declared table under: itself in a projector, its build during a rebuild. */
  table(name: string): string;
}

/** A read model built from the event log: its tables and how events change them. */
export interface ProjectionDefinition {
  /** Unique; the key of its checkpoints: lower-case letters, digits, `_` and `-`, at most 80. */
  readonly name: string;
  /**
   * The log it follows, all of it (default `chat`), so that its checkpoint passes every event and
   * lag is exactly "log head - checkpoint". `apply` ignores the event types it does not need.
   */
  readonly source?: LogName;
  readonly tables: readonly ProjectionTable[];
  /**
   * How many partitions its events are split into by aggregate (default 1); see
   * docs/adr/0006-projector-partitioning.md. Changing it needs a rebuild.
   */
  readonly partitions?: number;
  /**
   * Applies events in stream order (one aggregate's events are in its own order) inside the
   * transaction that also moves the checkpoint. It must write only through `tx`, to the names
   * `context.table()` gives, so the same code builds the live tables and a rebuild's.
   */
  apply(tx: EntityManager, batch: readonly StoredEvent[], context: ApplyContext): Promise<void>;
}

const IDENTIFIER = /^[a-z][a-z0-9_]*$/;
/** PostgreSQL truncates longer identifiers (63 bytes), which would make two names collide. */
const IDENTIFIER_MAX = 63;
const PROJECTION_NAME = /^[a-z][a-z0-9_-]{0,79}$/;
const BUILD_SUFFIX = '__next';

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name) || name.length > IDENTIFIER_MAX) {
    throw new Error(`invalid ${what} "${name}": use at most ${IDENTIFIER_MAX} lower-case letters, digits and "_", starting with a letter`);
  }
  return name;
}

/** Checks a definition once, before it touches a database. */
export function checkDefinition(definition: ProjectionDefinition): void {
  if (!PROJECTION_NAME.test(definition.name)) {
    throw new Error(`invalid projection name "${definition.name}": use 1-80 lower-case letters, digits, "_" and "-", starting with a letter`);
  }
  const partitions = definition.partitions ?? 1;
  if (!Number.isInteger(partitions) || partitions < 1 || partitions > 256) {
    throw new Error(`projection ${definition.name}: partitions must be an integer from 1 to 256, not ${partitions}`);
  }
  if (definition.tables.length === 0) throw new Error(`projection ${definition.name} declares no tables`);
  const names = definition.tables.map((t) => t.name);
  if (new Set(names).size !== names.length) throw new Error(`projection ${definition.name} declares a table twice`);
  for (const name of names) identifier(`${name}${BUILD_SUFFIX}`, 'table name');
}

/** The names of a live table, as its first migration creates it. */
export function liveNames(table: string): TableNames {
  return { table: identifier(table, 'table name'), index: (suffix) => identifier(`${table}_${suffix}`, 'index name') };
}

/** The names of a rebuild's copy of a table; `build` makes its index names unique. */
export function buildNames(table: string, build: string): TableNames {
  return { table: identifier(`${table}${BUILD_SUFFIX}`, 'table name'), index: (suffix) => identifier(`${table}_${suffix}_${build}`, 'index name') };
}

/** The context `apply` runs in, writing the declared tables under `names` (live name → name). */
export function applyContext(projection: string, dialect: Dialect, names: ReadonlyMap<string, string>): ApplyContext {
  return {
    dialect,
    table(name) {
      const actual = names.get(name);
      if (!actual) throw new Error(`projection ${projection} declares no table "${name}"`);
      return actual;
    },
  };
}
