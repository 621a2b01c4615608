import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnyEnvelope, LogName, ReplayResult } from '@parley/contracts';
import type { EventLog } from '@parley/eventlog';
import { createDataSource, runMigrations, type DataSourceConfig } from '@parley/projections';
import type { DataSource } from 'typeorm';
import { activityArchive, chatArchive } from '../archive/archive.projection.js';
import { ARCHIVE_MIGRATIONS } from '../archive/archive.tables.js';
import { catchUp } from '../archive/catch-up.js';
import { ArchiveQueries } from '../archive/archive.queries.js';

/** A database setting fit for messages: the file, or the URL without its password. */
export function describeDatabase(config: DataSourceConfig): string {
  if (config.dialect === 'sqlite') return `sqlite:${config.file}`;
  const url = new URL(config.url);
  if (url.password) url.password = '***';
  return url.toString();
}

/** Opens (creating and migrating) an archive database. */
export async function openArchive(config: DataSourceConfig): Promise<DataSource> {
  if (config.dialect === 'sqlite') mkdirSync(dirname(config.file), { recursive: true });
  const db = createDataSource({ ...config, migrations: ARCHIVE_MIGRATIONS });
  await runMigrations(db);
  // The archive's indexes outgrow SQLite's default 2 MB page cache within a million records; a
  // larger one keeps inserts from re-reading index pages (TypeORM holds this one connection).
  if (config.dialect === 'sqlite') await db.query('PRAGMA cache_size = -65536');
  return db;
}

/**
 * Rebuilds the archive from the event log into a fresh database: the activity log first, then the
 * chat log, so that a purge met in the chat log finds the activity records it covers, with the
 * live projections' own code, in large transactions. Each log's
 * chain is ordered by the log itself, so a faithful live archive ends in the very same hashes:
 * the result says whether it does, at the replay's positions.
 */
export async function replayArchive(config: DataSourceConfig, log: EventLog<AnyEnvelope>, live: DataSource | undefined, progress: (n: number) => void): Promise<ReplayResult> {
  const started = performance.now();
  const db = await openArchive(config);
  try {
    const [existing] = (await db.query('SELECT COUNT(*) AS n FROM compliance_records')) as { n: unknown }[];
    if (Number(existing?.n ?? 0) > 0) throw new Error(`${describeDatabase(config)} already holds an archive: replay into a fresh database`);
    const never = new AbortController().signal;
    const activity = await catchUp(activityArchive, log, db, never, progress);
    const chat = await catchUp(chatArchive, log, db, never, progress);
    const heads = await new ArchiveQueries(db).chainHeads();
    return {
      database: describeDatabase(config),
      events: { chat, activity },
      seconds: Number(((performance.now() - started) / 1000).toFixed(2)),
      heads: { chat: heads.chat.hash, activity: heads.activity.hash },
      matchesArchive: live ? await sameLinks(live, heads) : false,
    };
  } finally {
    await db.destroy();
  }
}

/** Whether the live archive has the same link at each of the replay's chain heads. */
async function sameLinks(live: DataSource, heads: Record<LogName, { position: number; hash: string }>): Promise<boolean> {
  for (const log of ['chat', 'activity'] as const) {
    const { position, hash } = heads[log];
    if (position === 0) continue;
    const p = (n: number) => live.driver.createParameter(`p${n}`, n);
    const [row] = (await live.query(`SELECT hash FROM compliance_records WHERE log = ${p(0)} AND stream_seq = ${p(1)}`, [log, position])) as { hash: string }[];
    if (row?.hash !== hash) return false;
  }
  return true;
}
