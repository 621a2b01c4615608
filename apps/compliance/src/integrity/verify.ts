import { LogNames, type AnyEnvelope, type Divergence, type LogName, type VerifyResult } from '@parley/contracts';
import type { EventLog, StoredEvent } from '@parley/eventlog';
import type { DataSource } from 'typeorm';
import { GENESIS } from '../archive/archive.tables.js';
import { chainHash, PURGEABLE_TYPES, sha256, toRecord, type ArchiveRecord } from '../archive/record.js';
import { ArchiveCursor } from './archive-cursor.js';

/** The columns a record's event determines; a record whose columns disagree with its event was edited. */
const DERIVED = ['event_id', 'type', 'aggregate_id', 'seq', 'occurred_ms', 'actor_kind', 'actor_id', 'room_id', 'user_id', 'text', 'content_hash'] as const;

interface Purge {
  chat_up_to: number;
  activity_up_to: number;
}

/** What is wrong with one archive record, judged by itself and by its link to the one before. */
function problemWith(row: ArchiveRecord, previous: string, purges: ReadonlyMap<string, Purge>): string | undefined {
  if (row.event !== null) {
    if (sha256(row.event) !== row.content_hash) return 'its content was changed: it no longer matches its content hash';
    const expected = toRecord(row.log, row.stream_seq, `${row.log}.${row.aggregate_kind}.${row.aggregate_id}`, JSON.parse(row.event) as AnyEnvelope);
    const changed = DERIVED.filter((c) => String(expected[c]) !== String(row[c]));
    if (changed.length) return `its ${changed.join(', ')} ${changed.length > 1 ? 'do' : 'does'} not match its event`;
    if (row.purged_by !== null) return `it is marked purged by ${row.purged_by} but still has its content`;
  } else {
    const purge = row.purged_by === null ? undefined : purges.get(row.purged_by);
    if (!purge) return `its content is gone without a purge that removed it${row.purged_by ? ` (no purge ${row.purged_by} is on record)` : ''}`;
    const upTo = row.log === 'chat' ? purge.chat_up_to : purge.activity_up_to;
    if (!PURGEABLE_TYPES.includes(row.type) || row.stream_seq > upTo) return `purge ${row.purged_by} could not have removed it`;
  }
  if (chainHash(previous, row) !== row.hash) return 'the hash chain breaks here: the record or the one before it was changed';
  return undefined;
}

/**
 * Checks one log's archive: each record against its own content hash and chain link, and against
 * the log message at its position; stops at the first divergence. Up to `upTo` (the log's head
 * when the check started, or the archive's, whichever is lower).
 */
async function verifyLog(db: DataSource, log: EventLog<AnyEnvelope>, name: LogName, purges: ReadonlyMap<string, Purge>, progress: (n: number) => void): Promise<{ checked: number; head: string; divergence: Divergence | null }> {
  const [chain] = (await db.query(`SELECT stream_seq, hash FROM compliance_chain WHERE log = '${name}'`)) as { stream_seq: unknown; hash: string }[];
  const archived = Number(chain?.stream_seq ?? 0);
  const upTo = Math.min(archived, await log.head(name));
  const cursor = new ArchiveCursor(db, name);
  let previous = GENESIS;
  let checked = 0;
  let divergence: Divergence | null = null;
  const diverge = (position: number, problem: string) => (divergence ??= { log: name, position, problem });

  const compare = async (stored: StoredEvent<AnyEnvelope>) => {
    const row = await cursor.next();
    if (!row || row.stream_seq > stored.streamSeq) return diverge(stored.streamSeq, `the log's event ${stored.event.type} ${stored.event.id} is missing from the archive (deleted)`);
    if (row.stream_seq < stored.streamSeq) return diverge(row.stream_seq, 'the archive holds a record the log does not have there');
    const problem = problemWith(row, previous, purges) ?? (row.content_hash === sha256(JSON.stringify(stored.event)) ? undefined : 'its content differs from the log');
    if (problem) return diverge(row.stream_seq, problem);
    previous = row.hash;
    checked++;
    return undefined;
  };

  if (upTo > 0) {
    let reached!: () => void;
    const done = new Promise<void>((resolve) => (reached = resolve));
    const subscription = log.consume({
      filter: log.subjects.streamSubjects(name),
      after: 0,
      maxBatch: 2_000,
      handle: async (batch) => {
        for (const stored of batch) {
          if (divergence || stored.streamSeq > upTo) break;
          await compare(stored);
        }
        progress(batch.length);
        if (divergence || batch.at(-1)!.streamSeq >= upTo) reached();
      },
    });
    // Polled too: the consumer passes over messages it cannot decode without handing them over.
    const poll = setInterval(() => subscription.position >= upTo && reached(), 50);
    try {
      await done;
    } finally {
      clearInterval(poll);
      await subscription.stop();
    }
  }
  if (!divergence && checked < upTo) diverge(checked + 1, 'the log has no readable event here, or the archive is missing it');
  if (!divergence && archived === upTo && chain?.hash !== previous) diverge(archived, "the chain's recorded head does not match its last record");
  return { checked, head: previous, divergence };
}

/** Verifies both logs' archives: hash chains whole, every record matching the log, at most one divergence reported (the first). */
export async function verifyArchive(db: DataSource, log: EventLog<AnyEnvelope>, progress: (n: number) => void): Promise<VerifyResult> {
  const rows = (await db.query('SELECT purge_id, chat_up_to, activity_up_to FROM compliance_purges')) as { purge_id: string; chat_up_to: unknown; activity_up_to: unknown }[];
  const purges = new Map(rows.map((r) => [r.purge_id, { chat_up_to: Number(r.chat_up_to), activity_up_to: Number(r.activity_up_to) }]));
  const checked = { chat: 0, activity: 0 };
  const heads = { chat: GENESIS, activity: GENESIS };
  for (const name of LogNames) {
    const result = await verifyLog(db, log, name, purges, progress);
    checked[name] = result.checked;
    heads[name] = result.head;
    if (result.divergence) return { ok: false, checked, heads, firstDivergence: result.divergence };
  }
  return { ok: true, checked, heads, firstDivergence: null };
}
