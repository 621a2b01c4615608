import type { ParleyEvent } from '@parley/contracts';
import type { StoredEvent } from '@parley/eventlog';
import type { DataSource, EntityManager } from 'typeorm';
import { createTablesMigration, runInTransaction, toStreamSeq, type ProjectionDefinition, type ProjectionTable } from '../index.js';

// A sample projection for the framework's tests: the messages of every room. It is deliberately
// not idempotent (a second MessagePosted insert breaks the primary key, a second edit counts
// twice), so any event applied twice shows.

export interface MessageRow {
  room: string;
  seq: number;
  streamSeq: number;
  author: string;
  /** Cleared by a redaction. */
  text: string | null;
  editCount: number;
  redacted: boolean;
}

export const messagesTable: ProjectionTable = {
  name: 'test_messages',
  create: ({ table, index }) => ({
    sqlite: [
      `CREATE TABLE ${table} (room varchar(128) NOT NULL, seq bigint NOT NULL, stream_seq bigint NOT NULL, author varchar(256) NOT NULL,
        text text NULL, edit_count integer NOT NULL, redacted boolean NOT NULL, PRIMARY KEY (room, seq))`,
      `CREATE INDEX ${index('author')} ON ${table} (author)`,
    ],
    postgres: [
      `CREATE TABLE ${table} (room varchar(128) NOT NULL, seq bigint NOT NULL, stream_seq bigint NOT NULL, author varchar(256) NOT NULL,
        text text NULL, edit_count integer NOT NULL, redacted boolean NOT NULL, PRIMARY KEY (room, seq))`,
      `CREATE INDEX ${index('author')} ON ${table} (author)`,
    ],
    mssql: [
      `CREATE TABLE ${table} (room nvarchar(128) NOT NULL, seq bigint NOT NULL, stream_seq bigint NOT NULL, author nvarchar(256) NOT NULL,
        text nvarchar(max) NULL, edit_count int NOT NULL, redacted bit NOT NULL, PRIMARY KEY (room, seq))`,
      `CREATE INDEX ${index('author')} ON ${table} (author)`,
    ],
  }),
};

export const CreateTestMessages = createTablesMigration('CreateTestMessages1767312000000', [messagesTable]);

type MessageEvent = Extract<ParleyEvent, { type: 'MessagePosted' | 'MessageEdited' | 'MessageRedacted' }>;
const MESSAGE_EVENTS: ReadonlySet<string> = new Set<MessageEvent['type']>(['MessagePosted', 'MessageEdited', 'MessageRedacted']);
const isMessageEvent = (event: ParleyEvent): event is MessageEvent => MESSAGE_EVENTS.has(event.type);

async function applyOne(tx: EntityManager, table: string, event: MessageEvent, streamSeq: number): Promise<void> {
  const message = (seq: number) => ['room = :room AND seq = :seq', { room: event.aggregateId, seq }] as const;
  switch (event.type) {
    case 'MessagePosted': {
      const row = {
        room: event.aggregateId,
        seq: event.seq,
        stream_seq: streamSeq,
        author: event.actor.id,
        text: event.data.text,
        edit_count: 0,
        redacted: false,
      };
      await tx.createQueryBuilder().insert().into(table, Object.keys(row)).values(row).execute();
      return;
    }
    case 'MessageEdited': {
      const [where, params] = message(event.data.messageSeq);
      await tx
        .createQueryBuilder()
        .update(table)
        .set({ text: event.data.text, edit_count: () => 'edit_count + 1' })
        .where(`${where} AND redacted = :redacted`, { ...params, redacted: false })
        .execute();
      return;
    }
    case 'MessageRedacted': {
      const [where, params] = message(event.data.messageSeq);
      await tx.createQueryBuilder().update(table).set({ text: null, redacted: true }).where(where, params).execute();
      return;
    }
    default: {
      const unknown: never = event;
      throw new Error(`unhandled event ${(unknown as { type: string }).type}`);
    }
  }
}

export function messagesProjection(overrides: Partial<ProjectionDefinition> = {}): ProjectionDefinition {
  return {
    name: 'test-messages',
    tables: [messagesTable],
    async apply(tx, batch, context) {
      const table = context.table('test_messages');
      // The whole chat log comes by: everything but messages is someone else's business.
      for (const { event, streamSeq } of batch) if (isMessageEvent(event)) await applyOne(tx, table, event, streamSeq);
    },
    ...overrides,
  };
}

/** The same projection, failing after the first half of some batches, as a database error would. */
export function failingMidBatch(definition: ProjectionDefinition, random: () => number, rate = 0.3): ProjectionDefinition {
  return {
    ...definition,
    async apply(tx, batch, context) {
      const half = Math.ceil(batch.length / 2);
      await definition.apply(tx, batch.slice(0, half), context);
      if (random() < rate) throw new Error('injected failure in the middle of a batch');
      await definition.apply(tx, batch.slice(half), context);
    },
  };
}

/** The rows the projection should hold, folded from the log's events in JavaScript. */
export function expectedRows(events: readonly StoredEvent[]): MessageRow[] {
  const rows = new Map<string, MessageRow>();
  const key = (room: string, seq: number) => `${room}/${seq}`;
  for (const { event, streamSeq } of events) {
    if (event.type === 'MessagePosted') {
      const { aggregateId: room, seq } = event;
      rows.set(key(room, seq), { room, seq, streamSeq, author: event.actor.id, text: event.data.text, editCount: 0, redacted: false });
    } else if (event.type === 'MessageEdited' || event.type === 'MessageRedacted') {
      const row = rows.get(key(event.aggregateId, event.data.messageSeq));
      if (!row) continue;
      if (event.type === 'MessageRedacted') Object.assign(row, { text: null, redacted: true });
      else if (!row.redacted) Object.assign(row, { text: event.data.text, editCount: row.editCount + 1 });
    }
  }
  return sortRows([...rows.values()]);
}

interface RawRow {
  room: string;
  seq: unknown;
  stream_seq: unknown;
  author: string;
  text: string | null;
  edit_count: unknown;
  redacted: unknown;
}

/** The projection's rows, normalised across drivers (bigint strings, 0/1 booleans). */
export async function readRows(dataSource: DataSource, table = 'test_messages'): Promise<MessageRow[]> {
  const raw = await runInTransaction(dataSource, (tx) => tx.query<RawRow[]>(`SELECT room, seq, stream_seq, author, text, edit_count, redacted FROM ${table}`));
  return sortRows(
    raw.map((r) => ({
      room: r.room,
      seq: toStreamSeq(r.seq),
      streamSeq: toStreamSeq(r.stream_seq),
      author: r.author,
      text: r.text,
      editCount: Number(r.edit_count),
      redacted: Boolean(r.redacted),
    })),
  );
}

// Sorted here rather than in SQL: PostgreSQL's collation and SQLite's byte order differ.
function sortRows(rows: MessageRow[]): MessageRow[] {
  return rows.sort((a, b) => (a.room < b.room ? -1 : a.room > b.room ? 1 : a.seq - b.seq));
}
