import type { AnyEnvelope, LogName } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import { toStreamSeq, type ApplyContext } from '@parley/projections';
import type { EntityManager } from 'typeorm';
import { chainHash, toRecord, type ArchiveRecord } from './record.js';
import { insertRows, param } from './sql.js';

const COLUMNS = [
  'log',
  'stream_seq',
  'event_id',
  'type',
  'aggregate_kind',
  'aggregate_id',
  'seq',
  'occurred_ms',
  'actor_kind',
  'actor_id',
  'room_id',
  'user_id',
  'text',
  'event',
  'content_hash',
  'hash',
  'purged_by',
] as const satisfies readonly (keyof ArchiveRecord)[];

/**
 * Appends a batch of one log's events to the archive, each chained to the one before: reads the
 * chain's head, links every record to it in stream order, writes the rows and the new head.
 */
export async function appendRecords(tx: EntityManager, ctx: ApplyContext, log: LogName, batch: readonly StoredEvent<AnyEnvelope>[]): Promise<void> {
  const chain = ctx.table('compliance_chain');
  const [head] = (await tx.query(`SELECT stream_seq, hash FROM ${chain} WHERE log = ${param(tx, 0)}`, [log])) as { stream_seq: unknown; hash: string }[];
  if (!head) throw new Error(`the ${log} chain has no head: run the compliance migrations`);
  let position = toStreamSeq(head.stream_seq);
  let previous = head.hash;
  const rows: unknown[][] = [];
  for (const stored of batch) {
    // The projector hands over only events past its checkpoint, which moves with the head.
    if (stored.streamSeq <= position) continue;
    const record = toRecord(log, stored.streamSeq, stored.subject, stored.event);
    const linked: ArchiveRecord = { ...record, hash: chainHash(previous, record) };
    rows.push(COLUMNS.map((c) => linked[c]));
    previous = linked.hash;
    position = stored.streamSeq;
  }
  if (rows.length === 0) return;
  await insertRows(tx, ctx.dialect, ctx.table('compliance_records'), COLUMNS, rows);
  await tx.query(`UPDATE ${chain} SET stream_seq = ${param(tx, 0)}, hash = ${param(tx, 1)} WHERE log = ${param(tx, 2)}`, [position, previous, log]);
}
