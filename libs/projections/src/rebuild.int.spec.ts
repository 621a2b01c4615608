import { connect, type NatsConnection } from '@nats-io/transport-node';
import { ConflictError } from '@parley/contracts';
import { EventLog } from '@parley/eventlog';
import { createTestDatabase, randomName, startNats, tempSqliteFile, type TestNats } from '@parley/testing';
import type { DataSource } from 'typeorm';
import { readCheckpoints, rebuildProjection, runInTransaction, startProjector, type ProjectionDefinition, type Projector } from './index.js';
import { dialectsUnderTest, testDatabase, type TestDatabase } from './test/databases.js';
import { expectedRows, failingMidBatch, messagesProjection, readRows } from './test/messages.projection.js';
import { appendTraffic, readRooms, seededRandom, until } from './test/traffic.js';

const fast = { minMs: 5, maxMs: 50 };
const caughtUp = (projector: Projector) => async () => (await projector.lag()).events === 0;

describe.each(dialectsUnderTest)('rebuild on %s', (dialect) => {
  let nats: TestNats;
  let nc: NatsConnection;
  let log: EventLog;
  let db: TestDatabase;
  let dataSource: DataSource;
  const running: Projector[] = [];
  const start = (definition: ProjectionDefinition) => {
    const projector = startProjector({ definition, log, dataSource, maxBatch: 7, retry: fast });
    running.push(projector);
    return projector;
  };
  const rebuild = (definition: ProjectionDefinition) => rebuildProjection({ definition, log, dataSource, maxBatch: 50, retry: fast });
  const tableExists = (name: string) =>
    runInTransaction(dataSource, (tx) => tx.query(`SELECT COUNT(*) AS n FROM ${name}`)).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  });

  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  beforeEach(async () => {
    log = await EventLog.open(nc, { namespace: randomName('ns') });
    db = await testDatabase(dialect, { createTestDatabase, tempSqliteFile });
    dataSource = await db.open();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((p) => p.stop()));
    await log.close();
    await db.remove();
  });

  it('rebuilds tables equal, row for row, to the incrementally built ones', async () => {
    const rooms = Array.from({ length: 5 }, () => randomName('room'));
    const projector = start(failingMidBatch(messagesProjection(), seededRandom(10)));
    await projector.ready;
    await appendTraffic(log, rooms, 50, seededRandom(11));
    await until(caughtUp(projector), 'caught up');
    await projector.stop();
    const incremental = await readRows(dataSource);

    const { streamSeq } = await rebuild(messagesProjection());
    expect(streamSeq).toBe(await log.head('chat'));
    const rebuilt = await readRows(dataSource);
    expect(rebuilt).toEqual(incremental);
    expect(rebuilt).toEqual(expectedRows(await readRooms(log, rooms)));
    expect(await tableExists('test_messages__next')).toBe(false);
    expect(await readCheckpoints(dataSource, 'test-messages')).toEqual(new Map([['test-messages', streamSeq]]));
  });

  it('rebuilds through transactions that fail part-way (one written while the next events are read), nothing lost or doubled', async () => {
    const rooms = Array.from({ length: 5 }, () => randomName('room'));
    await appendTraffic(log, rooms, 60, seededRandom(15));
    const random = seededRandom(16);
    let failures = 0;
    const counted = () => {
      const r = random();
      if (r < 0.3) failures++;
      return r;
    };
    const { streamSeq } = await rebuild(failingMidBatch(messagesProjection(), counted, 0.3));
    expect(failures).toBeGreaterThan(0);
    expect(streamSeq).toBe(await log.head('chat'));
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, rooms)));
  });

  it('rebuilds while the projector runs and events keep coming, again and again', async () => {
    const rooms = Array.from({ length: 4 }, () => randomName('room'));
    const projector = start(failingMidBatch(messagesProjection(), seededRandom(12), 0.2));
    await projector.ready;
    await appendTraffic(log, rooms, 20, seededRandom(13));
    const traffic = appendTraffic(log, rooms, 60, seededRandom(14));
    // The second and third builds create indexes again while the previous build's are live.
    for (let i = 0; i < 3; i++) await rebuild(messagesProjection());
    await traffic;
    await until(caughtUp(projector), 'caught up');
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, rooms)));
  });

  it('catches up with a live projector that went past the build before it switches', async () => {
    const rooms = Array.from({ length: 3 }, () => randomName('room'));
    const projector = start(messagesProjection());
    await projector.ready;
    await appendTraffic(log, rooms, 20, seededRandom(17));
    await until(caughtUp(projector), 'caught up');
    const target = await log.head('chat');
    // The build (one event per batch) fails and rolls back on events past `limit`: first on all of
    // them, until the live projector has gone further; then past its target, until it has seen
    // the live projector ahead at its switch.
    let limit = 0;
    let attempts = 0;
    const base = messagesProjection();
    const held: ProjectionDefinition = {
      ...base,
      async apply(tx, batch, context) {
        attempts++;
        if (batch.some((stored) => stored.streamSeq > limit)) throw new Error('held back by the test');
        await base.apply(tx, batch, context);
      },
    };
    const messages: string[] = [];
    const rebuilt = rebuildProjection({
      definition: held,
      log,
      dataSource,
      maxBatch: 1,
      retry: fast,
      logger: (_, message) => {
        messages.push(message);
        if (/the live projector is at \d+, past the build; catching up/.test(message)) limit = Number.POSITIVE_INFINITY;
      },
    });
    await until(() => attempts > 0, 'build started');
    await appendTraffic(log, rooms, 20, seededRandom(18));
    await until(caughtUp(projector), 'live projector past the build');
    limit = target;

    expect((await rebuilt).streamSeq).toBe(await log.head('chat'));
    expect(messages.filter((m) => /past the build/.test(m))).toHaveLength(1);
    // The projector goes on, now writing the rebuilt tables.
    await appendTraffic(log, rooms, 10, seededRandom(19));
    await until(caughtUp(projector), 'caught up after the switch');
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, rooms)));
  });

  it('reports how far it got, and stops when abandoned, leaving the live tables as they were', async () => {
    const rooms = Array.from({ length: 3 }, () => randomName('room'));
    const projector = start(messagesProjection());
    await projector.ready;
    await appendTraffic(log, rooms, 30, seededRandom(20));
    await until(caughtUp(projector), 'caught up');
    const head = await log.head('chat');
    const progress: [number, number][] = [];
    await rebuildProjection({ definition: messagesProjection(), log, dataSource, maxBatch: 25, retry: fast, onProgress: (applied, target) => progress.push([applied, target]) });
    expect(progress.length).toBeGreaterThanOrEqual(Math.floor(head / 25));
    expect(progress.at(-1)).toEqual([head, head]);
    expect(progress.map(([applied]) => applied)).toEqual([...progress.map(([applied]) => applied)].sort((a, b) => a - b));

    const live = await readRows(dataSource);
    const abandon = new AbortController();
    const abandoned = rebuildProjection({
      definition: messagesProjection(),
      log,
      dataSource,
      maxBatch: 10,
      retry: fast,
      signal: abandon.signal,
      onProgress: (applied) => applied >= 20 && abandon.abort(new Error('the service is stopping')),
    });
    await expect(abandoned).rejects.toThrow('the service is stopping');
    expect(await tableExists('test_messages__next')).toBe(true);
    expect(await readRows(dataSource)).toEqual(live);
    expect(await readCheckpoints(dataSource, 'test-messages')).toEqual(new Map([['test-messages', head]]));
  });

  it('changes the partitioning through a rebuild; projectors of the old one are refused', async () => {
    const rooms = Array.from({ length: 6 }, () => randomName('room'));
    const single = start(messagesProjection());
    await single.ready;
    await appendTraffic(log, rooms, 15, seededRandom(15));
    await until(caughtUp(single), 'caught up');
    await single.stop();

    const { streamSeq } = await rebuild(messagesProjection({ partitions: 4 }));
    expect([...(await readCheckpoints(dataSource, 'test-messages')).entries()].sort()).toEqual(
      [0, 1, 2, 3].map((p) => [`test-messages/p${p}of4`, streamSeq]),
    );
    await expect(start(messagesProjection()).ready).rejects.toBeInstanceOf(ConflictError);

    const partitioned = start(messagesProjection({ partitions: 4 }));
    await partitioned.ready;
    await appendTraffic(log, rooms, 15, seededRandom(16));
    await until(caughtUp(partitioned), 'caught up');
    expect(await readRows(dataSource)).toEqual(expectedRows(await readRooms(log, rooms)));
  });
});
