import { connect, type NatsConnection } from '@nats-io/transport-node';
import { EventLog, type EventDraft, type StoredEvent } from '@parley/eventlog';
import { rebuildProjection, startProjector, type ProjectionDefinition, type Projector } from '@parley/projections';
import { createTestDatabase, randomName, startNats, tempSqliteFile, until, type TestNats } from '@parley/testing';
import type { DataSource } from 'typeorm';
import { SearchQueries } from '../read/search.queries.js';
import { parseSearchTerms } from '../search/search-terms.js';
import { historySqlOf } from '../sql/history-sql.js';
import { DIALECTS, testDatabase, type TestDatabase } from '../test/databases.fixture.js';
import { expectedHistory, readHistoryTables } from '../test/history-model.fixture.js';
import { appendHistoryTraffic, createCategories, seededRandom, WORDS, type TrafficWorld } from '../test/history-traffic.fixture.js';
import { historyProjection } from './history.projection.js';

const fast = { minMs: 5, maxMs: 50 };

/** The projection, failing half-way through some batches (after writing their first half), as a crash would. */
function failingMidBatch(random: () => number): ProjectionDefinition {
  return {
    ...historyProjection,
    async apply(tx, batch, context) {
      const half = Math.ceil(batch.length / 2);
      await historyProjection.apply(tx, batch.slice(0, half), context);
      if (random() < 0.3) throw new Error('killed in the middle of a batch');
      await historyProjection.apply(tx, batch.slice(half), context);
    },
  };
}

describe.each(DIALECTS)('the history projection on %s', (dialect) => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let db: TestDatabase;
  let dataSource: DataSource;
  const running: Projector[] = [];
  const start = (definition: ProjectionDefinition, maxBatch = 7) => {
    const projector = startProjector({ definition, log, dataSource, maxBatch, retry: fast });
    running.push(projector);
    return projector;
  };
  const caughtUp = (projector: Projector) => async () => (await projector.lag()).events === 0;
  const allEvents = async (): Promise<StoredEvent[]> => {
    const out: StoredEvent[] = [];
    for (let seq = 1, head = await log.head('chat'); seq <= head; seq++) out.push(await log.get('chat', seq));
    return out;
  };
  /** Stream seqs of search hits for each word, newest first, through the search queries. */
  const searchEveryWord = async () => {
    const queries = new SearchQueries(dataSource, historySqlOf(dialect));
    const position = await log.head('chat');
    const hits = async (q: string) =>
      (await queries.find({ terms: parseSearchTerms(q), rooms: { kind: 'all' }, position, limit: 10_000 })).map((r) => `${r.room_id}/${String(r.seq)}`);
    return Promise.all([...WORDS, `"${WORDS[0]} ${WORDS[1]}"`, 'story', 'edited'].map(hits));
  };

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  beforeEach(async () => {
    log = await EventLog.open(nc, { namespace: randomName('h') });
    db = await testDatabase(dialect, { createTestDatabase, tempSqliteFile });
    dataSource = await db.open();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    await log.close();
    await db.remove();
  });

  it('applies every event once through kills mid-batch and restarts, and equals the rules and a rebuild from zero, row for row', async () => {
    const random = seededRandom(21);
    const world: TrafficWorld = { log, seed: 22, categories: ['logged', 'quiet', 'other'], rooms: Array.from({ length: 6 }, () => randomName('room')) };
    const tree = await createCategories(world);
    const traffic = appendHistoryTraffic(world, tree, 120);
    // Killed again and again while events stream in, some batches dying half-way.
    for (let i = 0; i < 10; i++) {
      const projector = start(failingMidBatch(random));
      await projector.ready;
      await new Promise((resolve) => setTimeout(resolve, random() * 60));
      await projector.stop();
    }
    await traffic;
    const projector = start(failingMidBatch(random));
    await until(caughtUp(projector), 30_000, 'caught up');
    await projector.stop();

    const incremental = await readHistoryTables(dataSource, dialect);
    const events = await allEvents();
    expect(incremental).toEqual(expectedHistory(events));
    // The traffic exercised every rule.
    const types = new Set(events.map((s) => s.event.type));
    for (const type of ['FilePosted', 'MessageEdited', 'MessageRedacted', 'MessagesRemoved', 'HistoryCleared', 'RoomRolesChanged', 'RoomUpdated', 'CategorySettingsChanged']) expect(types).toContain(type);
    expect(incremental.messages.some((m) => m.story) && incremental.messages.some((m) => m.editCount > 0)).toBe(true);
    const found = await searchEveryWord();
    expect(found.flat().length).toBeGreaterThan(0);

    const { streamSeq } = await rebuildProjection({ definition: historyProjection, log, dataSource, maxBatch: 50, retry: fast });
    expect(streamSeq).toBe(await log.head('chat'));
    expect(await readHistoryTables(dataSource, dialect)).toEqual(incremental);
    expect(await searchEveryWord()).toEqual(found);
  });

  it('keeps no messages of a room while its category has chat history off, and follows rooms that move', async () => {
    const world: TrafficWorld = { log, seed: 23, categories: ['on', 'off'], rooms: [] };
    const tree = await createCategories(world);
    const projector = start(historyProjection, 100);
    const room = randomName('room');
    let version = { seq: 0, streamSeq: 0 };
    const append = async (draft: EventDraft) => (version = (await log.append({ kind: 'room', id: room }, [draft], version)).version);
    const post = (text: string) => append({ type: 'MessagePosted', actor: { kind: 'user', id: 'u1' }, data: { clientMsgId: text, text, alert: false, story: null, mentions: [] } });
    const toggle = (categoryId: string, chatHistory: boolean) => tree.append({ type: 'CategorySettingsChanged', actor: { kind: 'user', id: 'admin' }, data: { categoryId, changes: { chatHistory } } });
    const admin = { kind: 'user', id: 'admin' } as const;
    await append({ type: 'RoomCreated', actor: admin, data: { categoryId: 'off', name: 'R', description: '', privacy: 'open', roomType: 'normal', invitations: 'inherit', addinId: null, disclaimer: '', members: [], managers: [], presenters: [] } });
    await post('unlogged one');
    await toggle('off', true);
    await post('logged two');
    await toggle('off', false);
    await post('unlogged three');
    await append({ type: 'RoomUpdated', actor: admin, data: { changes: { categoryId: 'on' } } });
    await post('logged four');
    await until(caughtUp(projector), 30_000, 'caught up');
    const tables = await readHistoryTables(dataSource, dialect);
    expect(tables.messages.map((m) => m.text)).toEqual(['logged two', 'logged four']);
    expect(tables).toEqual(expectedHistory(await allEvents()));
  });
});
