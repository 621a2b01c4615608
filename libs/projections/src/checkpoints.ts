import { ConflictError } from '@parley/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { DialectSql } from './dialect.js';
import { sqlOf } from './dialects/index.js';
import { isKeyOf } from './partition.js';
import { toStreamSeq } from './sequence.js';
import { exclusive } from './transaction.js';

// The rows of `projection_checkpoints`: one per projection, or one per partition of a partitioned
// projection, holding the stream sequence of the last event its tables include.

interface Row {
  projection: string;
  stream_seq: unknown;
}

type Where = { sql: string; params: unknown[] };

function ofProjection(sql: DialectSql, name: string): Where {
  // LIKE may match a few more keys ("_" is a wildcard); isKeyOf keeps the exact ones.
  return { sql: `projection = ${sql.param(1)} OR projection LIKE ${sql.param(2)}`, params: [name, `${name}/%`] };
}

function toMap(name: string, rows: Row[]): Map<string, number> {
  return new Map(rows.filter((r) => isKeyOf(name, r.projection)).map((r) => [r.projection, toStreamSeq(r.stream_seq)]));
}

async function lock(tx: EntityManager, sql: DialectSql, where: Where): Promise<Row[]> {
  const statements = sql.lockCheckpoints(where.sql);
  for (const statement of statements.slice(0, -1)) await tx.query(statement, where.params);
  return tx.query<Row[]>(statements.at(-1)!, where.params);
}

/** Locks one checkpoint until the transaction ends and reads it. */
export async function lockCheckpoint(tx: EntityManager, sql: DialectSql, key: string): Promise<number> {
  const rows = await lock(tx, sql, { sql: `projection = ${sql.param(1)}`, params: [key] });
  const row = rows.find((r) => r.projection === key);
  if (!row) {
    throw new ConflictError(`checkpoint ${key} is gone: its projection was rebuilt with another partitioning; restart the projector with the new one`);
  }
  return toStreamSeq(row.stream_seq);
}

/** Locks every checkpoint of a projection (all partitions) until the transaction ends, and reads them. */
export async function lockProjection(tx: EntityManager, sql: DialectSql, name: string): Promise<Map<string, number>> {
  return toMap(name, await lock(tx, sql, ofProjection(sql, name)));
}

export async function saveCheckpoint(tx: EntityManager, sql: DialectSql, key: string, streamSeq: number): Promise<void> {
  await tx.query(`UPDATE projection_checkpoints SET stream_seq = ${sql.param(1)}, updated_at = ${sql.now} WHERE projection = ${sql.param(2)}`, [streamSeq, key]);
}

async function insertCheckpoint(tx: EntityManager, sql: DialectSql, key: string, streamSeq: number): Promise<void> {
  await tx.query(`INSERT INTO projection_checkpoints (projection, stream_seq, updated_at) VALUES (${sql.param(1)}, ${sql.param(2)}, ${sql.now})`, [key, streamSeq]);
}

/**
 * The checkpoints a projector starts from, creating them at 0 for a new projection. Refuses
 * checkpoints of another partitioning: applying from those would repeat or skip events.
 * Two projectors starting at once may both try to create them; the loser's insert fails on the
 * primary key and it retries, finding them.
 */
export async function openCheckpoints(tx: EntityManager, sql: DialectSql, name: string, keys: readonly string[]): Promise<Map<string, number>> {
  const existing = await lockProjection(tx, sql, name);
  if (existing.size === 0) {
    for (const key of keys) await insertCheckpoint(tx, sql, key, 0);
    return new Map(keys.map((key) => [key, 0]));
  }
  if (existing.size !== keys.length || keys.some((key) => !existing.has(key))) {
    throw new ConflictError(
      `projection ${name} has checkpoints ${[...existing.keys()].join(', ')}, not ${keys.join(', ')}: rebuild it to change its partitioning`,
    );
  }
  return existing;
}

/** Sets a projection's checkpoints to exactly `keys`, all at `streamSeq` (a rebuild's switch). */
export async function replaceCheckpoints(
  tx: EntityManager,
  sql: DialectSql,
  existing: ReadonlyMap<string, number>,
  keys: readonly string[],
  streamSeq: number,
): Promise<void> {
  for (const key of existing.keys()) {
    if (!keys.includes(key)) await tx.query(`DELETE FROM projection_checkpoints WHERE projection = ${sql.param(1)}`, [key]);
  }
  // Existing rows are updated rather than replaced, so a projector waiting on one's lock sees the new value.
  for (const key of keys) await (existing.has(key) ? saveCheckpoint : insertCheckpoint)(tx, sql, key, streamSeq);
}

/** A projection's checkpoints (key → stream sequence), for status pages and operators. */
export async function readCheckpoints(dataSource: DataSource, name: string): Promise<Map<string, number>> {
  const sql = sqlOf(dataSource);
  const where = ofProjection(sql, name);
  const rows = await exclusive(dataSource, () => dataSource.query<Row[]>(`SELECT projection, stream_seq FROM projection_checkpoints WHERE ${where.sql}`, where.params));
  return toMap(name, rows);
}
