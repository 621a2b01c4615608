import type { AnyEnvelope, LogName } from '@parley/contracts';
import type { EventLog, StoredEvent } from '@parley/eventlog';
import { readCheckpoints, runInTransaction, type ProjectionDefinition } from '@parley/projections';
import type { DataSource, EntityManager } from 'typeorm';
import { dialectOfDb, param } from './sql.js';

/** Events applied per transaction while catching up. */
const FLUSH_AT = 20_000;

async function saveCheckpoint(tx: EntityManager, name: string, streamSeq: number): Promise<void> {
  // UTC, written so that every dialect's timestamp column takes it.
  const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
  const [row] = (await tx.query(`SELECT stream_seq FROM projection_checkpoints WHERE projection = ${param(tx, 0)}`, [name])) as unknown[];
  if (row) await tx.query(`UPDATE projection_checkpoints SET stream_seq = ${param(tx, 0)}, updated_at = ${param(tx, 1)} WHERE projection = ${param(tx, 2)}`, [streamSeq, now, name]);
  else await tx.query(`INSERT INTO projection_checkpoints (projection, stream_seq, updated_at) VALUES (${param(tx, 0)}, ${param(tx, 1)}, ${param(tx, 2)})`, [name, streamSeq, now]);
}

/**
 * Applies a log, from the projection's checkpoint up to the log's head now, in large transactions
 * that each move the checkpoint too. The consumer hands over small batches when its handler is
 * quick; committing tens of thousands of events at a time makes catching up (a first start on a
 * long log, a replay) several times faster. Exactly once still: a transaction holds its events
 * and their checkpoint. A failure ends the catch-up (rejects): what committed stays, and the
 * projector takes over from the checkpoint.
 */
export async function catchUp(definition: ProjectionDefinition, log: EventLog<AnyEnvelope>, db: DataSource, stopped: AbortSignal, progress: (n: number) => void = () => undefined): Promise<number> {
  const source: LogName = definition.source ?? 'chat';
  const from = (await readCheckpoints(db, definition.name)).get(definition.name) ?? 0;
  const head = await log.head(source);
  if (head <= from) return from;
  const context = { dialect: dialectOfDb(db), table: (name: string) => name };
  let buffer: StoredEvent<AnyEnvelope>[] = [];
  let applied = from;
  const flush = async (upTo: number) => {
    const batch = buffer;
    buffer = [];
    await runInTransaction(db, async (tx) => {
      if (batch.length) await definition.apply(tx, batch as unknown as StoredEvent[], context);
      await saveCheckpoint(tx, definition.name, upTo);
    });
    applied = upTo;
    progress(batch.length);
  };
  let settle!: (error?: unknown) => void;
  const done = new Promise<void>((resolve, reject) => (settle = (error) => (error === undefined ? resolve() : reject(error))));
  let flushing = Promise.resolve();
  const subscription = log.consume({
    filter: log.subjects.streamSubjects(source),
    after: from,
    maxBatch: 2_000,
    handle: async (batch) => {
      await flushing;
      buffer.push(...batch.filter((s) => s.streamSeq <= head));
      const end = Math.min(batch.at(-1)!.streamSeq, head);
      if (buffer.length >= FLUSH_AT || end >= head) {
        flushing = flush(end).then(() => (end >= head ? settle() : undefined), settle);
        await flushing;
      }
    },
  });
  // The consumer passes over messages it cannot decode without handing them over: past the last
  // event handed over, its position says when the head is reached.
  const poll = setInterval(() => {
    if (stopped.aborted) settle(new Error('stopped while catching up'));
    else if (subscription.position >= head && applied < head) flushing = flushing.then(() => (applied < head ? flush(head) : undefined)).then(() => settle(), settle);
  }, 50);
  try {
    await done;
    return applied;
  } finally {
    clearInterval(poll);
    await subscription.stop();
  }
}
