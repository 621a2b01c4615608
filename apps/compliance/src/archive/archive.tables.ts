import { createTablesMigration, defineMigration, type DialectStatements, type ProjectionTable } from '@parley/projections';

/** The same column list in each dialect, with that dialect's types. */
type Types = { text: (n: number) => string; long: string; bool: string };
const types: Record<keyof DialectStatements, Types> = {
  sqlite: { text: () => 'text', long: 'text', bool: 'boolean' },
  postgres: { text: (n) => `varchar(${n})`, long: 'text', bool: 'boolean' },
  mssql: { text: (n) => `nvarchar(${n})`, long: 'nvarchar(max)', bool: 'bit' },
};

function table(name: string, columns: (t: Types) => string, indexes: [suffix: string, columns: string][] = []): ProjectionTable {
  return {
    name,
    create: ({ table: actual, index }) => {
      const statements = (t: Types) => [`CREATE TABLE ${actual} (${columns(t)})`, ...indexes.map(([suffix, cols]) => `CREATE INDEX ${index(suffix)} ON ${actual} (${cols})`)];
      return { sqlite: statements(types.sqlite), postgres: statements(types.postgres), mssql: statements(types.mssql) };
    },
  };
}

/**
 * One row per event of either log, at its position (log, stream_seq), hash-chained per log in
 * stream order. A purge empties `event` and `text` and sets `purged_by`, keeping every column the
 * chain covers, so purges leave the chain whole and any other change breaks it.
 */
export const recordsTable = table(
  'compliance_records',
  (t) => `log ${t.text(8)} NOT NULL, stream_seq bigint NOT NULL, event_id ${t.text(64)} NOT NULL, type ${t.text(64)} NOT NULL,
    aggregate_kind ${t.text(16)} NOT NULL, aggregate_id ${t.text(128)} NOT NULL, seq bigint NOT NULL, occurred_ms bigint NOT NULL,
    actor_kind ${t.text(8)} NOT NULL, actor_id ${t.text(256)} NOT NULL, room_id ${t.text(128)} NULL, user_id ${t.text(128)} NULL,
    text ${t.long} NULL, event ${t.long} NULL, content_hash ${t.text(64)} NOT NULL, hash ${t.text(64)} NOT NULL, purged_by ${t.text(64)} NULL,
    PRIMARY KEY (log, stream_seq)`,
  [
    ['room', 'room_id, occurred_ms, log, stream_seq'],
    ['time', 'occurred_ms, log, stream_seq'],
  ],
);

/** The newest link of each log's chain: where the next record's hash starts from. */
export const chainTable = table('compliance_chain', (t) => `log ${t.text(8)} NOT NULL PRIMARY KEY, stream_seq bigint NOT NULL, hash ${t.text(64)} NOT NULL`);

/** Rooms as their events left them, for exports (names, URIs, details) and retention (categories). */
export const roomsTable = table(
  'compliance_rooms',
  (t) => `room_id ${t.text(128)} NOT NULL PRIMARY KEY, name ${t.text(256)} NOT NULL, category_id ${t.text(128)} NOT NULL, description ${t.text(256)} NOT NULL,
    privacy ${t.text(16)} NOT NULL, room_type ${t.text(16)} NOT NULL, removed ${t.bool} NOT NULL`,
);

export const holdsTable = table(
  'compliance_holds',
  (t) => `hold_id ${t.text(64)} NOT NULL PRIMARY KEY, case_name ${t.text(256)} NOT NULL, target_kind ${t.text(8)} NOT NULL, target_id ${t.text(128)} NOT NULL,
    note ${t.text(1024)} NOT NULL, placed_ms bigint NOT NULL, placed_by ${t.text(256)} NOT NULL, released_ms bigint NULL, released_by ${t.text(256)} NULL,
    release_note ${t.text(1024)} NULL`,
);

export const retentionTable = table(
  'compliance_retention',
  (t) => `scope_kind ${t.text(16)} NOT NULL, scope_id ${t.text(128)} NOT NULL, days bigint NOT NULL, set_ms bigint NOT NULL, set_by ${t.text(256)} NOT NULL,
    PRIMARY KEY (scope_kind, scope_id)`,
);

export const purgesTable = table(
  'compliance_purges',
  (t) => `purge_id ${t.text(64)} NOT NULL PRIMARY KEY, stream_seq bigint NOT NULL, occurred_ms bigint NOT NULL, actor_id ${t.text(256)} NOT NULL,
    chat_up_to bigint NOT NULL, activity_up_to bigint NOT NULL, purged bigint NOT NULL`,
);

export const ARCHIVE_TABLES = [recordsTable, chainTable, roomsTable, holdsTable, retentionTable, purgesTable] as const;

const CreateArchiveTables = createTablesMigration('CreateComplianceArchive1795400000000', [...ARCHIVE_TABLES]);

const GENESIS = '0'.repeat(64);
const seedChains = [`INSERT INTO compliance_chain (log, stream_seq, hash) VALUES ('chat', 0, '${GENESIS}'), ('activity', 0, '${GENESIS}')`];

/** Each log's chain starts from the genesis hash at position 0. */
const SeedChains = defineMigration({
  name: 'SeedComplianceChains1795400000001',
  up: { sqlite: seedChains, postgres: seedChains, mssql: seedChains },
  down: { sqlite: ['DELETE FROM compliance_chain'], postgres: ['DELETE FROM compliance_chain'], mssql: ['DELETE FROM compliance_chain'] },
});

const exportRuns = (t: Types) => [
  `CREATE TABLE compliance_export_runs (run_no bigint NOT NULL PRIMARY KEY, started_ms bigint NOT NULL, chat_from bigint NOT NULL, chat_to bigint NOT NULL,
    activity_from bigint NOT NULL, activity_to bigint NOT NULL, records bigint NOT NULL, attachments bigint NOT NULL, files ${t.long} NOT NULL,
    staging ${t.text(256)} NOT NULL, published ${t.bool} NOT NULL)`,
];

/**
 * Scheduled exports' bookkeeping: each run's log ranges. The newest run's upper bounds are where
 * the next run starts, so a run and its checkpoint are one row, committed once.
 */
const CreateExportRuns = defineMigration({
  name: 'CreateComplianceExportRuns1795400000002',
  up: { sqlite: exportRuns(types.sqlite), postgres: exportRuns(types.postgres), mssql: exportRuns(types.mssql) },
  down: { sqlite: ['DROP TABLE compliance_export_runs'], postgres: ['DROP TABLE compliance_export_runs'], mssql: ['DROP TABLE compliance_export_runs'] },
});

export const ARCHIVE_MIGRATIONS = [CreateArchiveTables, SeedChains, CreateExportRuns];
export { GENESIS };
