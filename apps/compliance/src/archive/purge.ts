import type { EventOf, RecordsPurged } from '@parley/contracts';
import { toStreamSeq, type ApplyContext } from '@parley/projections';
import type { EntityManager } from 'typeorm';
import { PURGEABLE_TYPES } from './record.js';
import { param } from './sql.js';

export type PurgeSpec = EventOf<typeof RecordsPurged>['data'];

/** The archive has not yet reached the activity position a purge covers; the batch is retried. */
export class ActivityBehindError extends Error {
  constructor(purgeId: string, needed: number, at: number) {
    super(`purge ${purgeId} covers the activity log up to ${needed}; the archive holds it up to ${at} so far`);
  }
}

interface Candidate {
  log: string;
  stream_seq: unknown;
  room_id: string | null;
  user_id: string | null;
  occurred_ms: unknown;
}

const PAGE = 5_000;

/**
 * The positions of the records a purge removes: conversation records within its positions,
 * older than their room's cutoff (or the default one), not by or about a held user nor in a held
 * room, not purged already. The same answer at planning time and when the event is applied, live
 * or in a replay, since it depends on the event and the records only.
 */
export async function* purgeable(tx: EntityManager, ctx: ApplyContext, spec: PurgeSpec): AsyncGenerator<{ log: string; streamSeqs: number[] }> {
  const cutoffs = new Map<string, number>();
  for (const group of spec.rooms) for (const roomId of group.roomIds) cutoffs.set(roomId, Date.parse(group.cutoff));
  const fallback = spec.defaultCutoff === null ? null : Date.parse(spec.defaultCutoff);
  const latest = Math.max(fallback ?? 0, ...cutoffs.values());
  const users = new Set(spec.exempt.users);
  const rooms = new Set(spec.exempt.rooms);
  const types = PURGEABLE_TYPES.map((_, i) => param(tx, i + 3)).join(', ');
  for (const log of ['chat', 'activity'] as const) {
    let after = 0;
    for (;;) {
      const rows = (await tx.query(
        `SELECT log, stream_seq, room_id, user_id, occurred_ms FROM ${ctx.table('compliance_records')}
         WHERE log = ${param(tx, 0)} AND stream_seq > ${param(tx, 1)} AND stream_seq <= ${param(tx, 2)} AND purged_by IS NULL
           AND type IN (${types}) AND occurred_ms < ${param(tx, PURGEABLE_TYPES.length + 3)}
         ORDER BY stream_seq ${ctx.dialect === 'mssql' ? `OFFSET 0 ROWS FETCH NEXT ${PAGE} ROWS ONLY` : `LIMIT ${PAGE}`}`,
        [log, after, spec.upTo[log], ...PURGEABLE_TYPES, latest],
      )) as Candidate[];
      if (rows.length === 0) break;
      after = toStreamSeq(rows.at(-1)!.stream_seq);
      const streamSeqs = rows
        .filter((r) => {
          if ((r.room_id !== null && rooms.has(r.room_id)) || (r.user_id !== null && users.has(r.user_id))) return false;
          const cutoff = r.room_id === null ? fallback : (cutoffs.get(r.room_id) ?? fallback);
          return cutoff !== null && Number(r.occurred_ms) < cutoff;
        })
        .map((r) => toStreamSeq(r.stream_seq));
      if (streamSeqs.length) yield { log, streamSeqs };
      if (rows.length < PAGE) break;
    }
  }
}

/** Applies a purge: empties the records it covers, marking them with its id, and files the purge. */
export async function applyPurge(tx: EntityManager, ctx: ApplyContext, event: EventOf<typeof RecordsPurged>, streamSeq: number): Promise<void> {
  const spec = event.data;
  const [activity] = (await tx.query(`SELECT stream_seq FROM ${ctx.table('compliance_chain')} WHERE log = 'activity'`)) as { stream_seq: unknown }[];
  const at = toStreamSeq(activity?.stream_seq ?? 0);
  if (at < spec.upTo.activity) throw new ActivityBehindError(spec.purgeId, spec.upTo.activity, at);
  let purged = 0;
  for await (const { log, streamSeqs } of purgeable(tx, ctx, spec)) {
    for (let i = 0; i < streamSeqs.length; i += 1_000) {
      const chunk = streamSeqs.slice(i, i + 1_000);
      await tx.query(
        `UPDATE ${ctx.table('compliance_records')} SET event = NULL, text = NULL, purged_by = ${param(tx, 0)}
         WHERE log = ${param(tx, 1)} AND stream_seq IN (${chunk.map((_, j) => param(tx, j + 2)).join(', ')})`,
        [spec.purgeId, log, ...chunk],
      );
      purged += chunk.length;
    }
  }
  await tx.query(
    `INSERT INTO ${ctx.table('compliance_purges')} (purge_id, stream_seq, occurred_ms, actor_id, chat_up_to, activity_up_to, purged)
     VALUES (${[0, 1, 2, 3, 4, 5, 6].map((i) => param(tx, i)).join(', ')})`,
    [spec.purgeId, streamSeq, Date.parse(event.occurredAt), event.actor.id, spec.upTo.chat, spec.upTo.activity, purged],
  );
}
